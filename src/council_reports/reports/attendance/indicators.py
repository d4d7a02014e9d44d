"""What the attendance report quotes: the DfE's indicators, the facts they become and the groups
of pupils its commentary compares."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ABSENCE = (
    "sess_authorised_percent",
    "sess_unauthorised_percent",
    "enrolments_pa_10_exact_percent",
    "enrolments_pa_50_exact_percent",
)
SESSIONS = ABSENCE[:2]  # rates of sessions missed
OVERALL = ("sess_overall_percent", "overall", "Overall absence rate")
# absence by area: the overall rate too, where the file has it (the national files do)
GEOGRAPHY = (OVERALL[0], *ABSENCE)
ABSENTEES = ABSENCE[2:]  # percentages of pupils
# children with a social worker: the measures the packs printed (the national file has more)
SOCIAL_CARE_ABSENCE = ("sess_authorised_percent", *ABSENTEES)
EXCLUSIONS = ("susp_rate", "perm_excl_rate", "one_plus_susp_rate")
# (indicator, fact key, label): each is recorded by present.comparisons.record_comparison as
# {key}_la, _region, _england, _la_previous, _change and the words _vs_england, _vs_region,
# _direction, for the LA as a whole ({key}) and for each group of a breakdown ({key}_{group}).
PA = ("enrolments_pa_10_exact_percent", "pa", "Persistent absence")
SEVERE = ("enrolments_pa_50_exact_percent", "severe", "Severe absence")
AUTHORISED = ("sess_authorised_percent", "authorised", "Authorised absence rate")
UNAUTHORISED = ("sess_unauthorised_percent", "unauthorised", "Unauthorised absence rate")
SUSP = ("susp_rate", "susp", "Suspension rate")
PEX = ("perm_excl_rate", "pex", "Permanent exclusion rate")
HEADLINES = {
    "absence_by_geography": (PA, SEVERE, AUTHORISED, UNAUTHORISED, OVERALL),
    "exclusions_by_geography": (
        SUSP,
        PEX,
        ("one_plus_susp_rate", "one_plus_susp", "Pupils with one or more suspensions (rate)"),
    ),
}
# The national files every LA is compared in (with its neighbours, over the years), and the
# measures the comparison shows: (national file, (indicator, fact key, label)).
COMPARED = ("absence", "exclusions")
NEIGHBOUR_MEASURES = (
    ("absence", OVERALL),
    ("absence", AUTHORISED),
    ("absence", UNAUTHORISED),
    ("absence", PA),
    ("absence", SEVERE),
    ("exclusions", SUSP),
    ("exclusions", PEX),
)
FSM = {"FSM eligible": "fsm", "FSM not eligible": "not_fsm"}
SEN = {"EHC plan": "ehcp", "SEN support": "sen_support", "No identified SEN": "no_sen"}
SOCIAL_CARE = {
    "CINO at 31 March": "cin",
    "CLA 12 months at 31 March": "cla",
    "CPPO at 31 March": "cpp",
}
SOCIAL_CARE_NOTE = (
    "CINO at 31 March: children in need at 31 March, other than those on a child protection "
    "plan or looked after; CLA 12 months at 31 March: children looked after for at least 12 "
    "months at 31 March; CPPO at 31 March: children on a child protection plan at 31 March."
)
RATE_NOTE = "Rates of suspension and permanent exclusion are per 100 pupils."


@dataclass(frozen=True)
class Breakdown:
    """Groups of pupils in one dataset whose figures the commentary quotes."""

    dataset: str
    column: str  # the filter column naming the group
    groups: Mapping[str, str]  # group as the data names it: its key in fact ids
    indicators: tuple[tuple[str, str, str], ...]
    topic: str | None = None  # breakdown_topic, in the characteristic datasets
    # whether the latest published year may be before the report's (suspensions and exclusions
    # come months after absence); absence breakdowns are of the report's year or not shown
    may_lag: bool = False

    @property
    def filters(self) -> dict[str, str]:
        return {"breakdown_topic": self.topic} if self.topic else {}


BREAKDOWNS = (
    Breakdown("absence_by_characteristic", "breakdown", FSM, (PA, SEVERE, AUTHORISED), "FSM"),
    Breakdown("absence_by_social_care_group", "social_care_group", SOCIAL_CARE, (PA, SEVERE)),
    Breakdown(
        "absence_by_characteristic",
        "breakdown",
        SEN,
        (PA, SEVERE, AUTHORISED, UNAUTHORISED),
        "SEN provision",
    ),
    Breakdown(
        "exclusions_by_social_care_group",
        "social_care_group",
        SOCIAL_CARE,
        (
            ("one_plus_susp_percent", "one_plus_susp", "Pupils with one or more suspensions"),
            ("perm_excl_percent", "pex", "Pupils permanently excluded"),
        ),
        may_lag=True,
    ),
    Breakdown("exclusions_by_characteristic", "breakdown", FSM, (SUSP, PEX), "FSM", True),
    Breakdown("exclusions_by_characteristic", "breakdown", SEN, (SUSP, PEX), "SEN provision", True),
)
# The breakdowns a report shows where its data holds them: the condition saying whether it
# does (a passage says so when it does not), the dataset, its filters, and whether its latest
# year may be before the report's (see Breakdown.may_lag).
HELD = (
    ("absence_fsm_held", "absence_by_characteristic", {"breakdown_topic": "FSM"}, False),
    ("absence_sen_held", "absence_by_characteristic", {"breakdown_topic": "SEN provision"}, False),
    (
        "absence_ethnicity_held",
        "absence_by_characteristic",
        {"breakdown_topic": "Ethnicity major"},
        False,
    ),
    ("absence_social_care_held", "absence_by_social_care_group", {}, False),
    ("exclusions_social_care_held", "exclusions_by_social_care_group", {}, True),
    ("exclusions_fsm_held", "exclusions_by_characteristic", {"breakdown_topic": "FSM"}, True),
    (
        "exclusions_sen_held",
        "exclusions_by_characteristic",
        {"breakdown_topic": "SEN provision"},
        True,
    ),
    (
        "exclusions_ethnicity_held",
        "exclusions_by_characteristic",
        {"breakdown_topic": "Ethnicity major"},
        True,
    ),
)
# The council's own in-year figures that count pupils (the others are rates and percentages).
PUPIL_COUNTS = ("perm_excl_issued", "perm_excl", "perm_excl_pending")
# The council's own in-year figures (in_year.csv): pupil group, indicator, fact id, and the
# DfE figure for the LA it is read against (dataset, indicator, filters), if there is one.
IN_YEAR: tuple[tuple[str, str, str, tuple[str, str, dict[str, str]] | None], ...] = (
    ("All pupils", "enrolments_pa_10_exact_percent", "own_pa", ("absence_by_geography", PA[0], {})),
    (
        "All pupils",
        "enrolments_pa_50_exact_percent",
        "own_severe",
        ("absence_by_geography", SEVERE[0], {}),
    ),
    (
        "All pupils",
        "sess_unauthorised_percent",
        "own_unauthorised",
        ("absence_by_geography", UNAUTHORISED[0], {}),
    ),
    ("All pupils", "perm_excl_issued", "own_pex_issued", None),
    ("All pupils", "perm_excl", "own_pex", None),
    ("All pupils", "perm_excl_pending", "own_pex_pending", None),
    ("All pupils", "perm_excl_rate", "own_pex_rate", ("exclusions_by_geography", PEX[0], {})),
    (
        "Child protection plan",
        "enrolments_pa_10_exact_percent",
        "own_cpp_pa",
        ("absence_by_social_care_group", PA[0], {"social_care_group": "CPPO at 31 March"}),
    ),
    ("Child protection plan", "perm_excl", "own_cpp_pex", None),
    ("Child in need plan", "perm_excl", "own_cin_pex", None),
)

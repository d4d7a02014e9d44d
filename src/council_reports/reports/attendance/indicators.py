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
ABSENTEES = ABSENCE[2:]  # percentages of pupils
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
    "absence_by_geography": (PA, SEVERE, AUTHORISED, UNAUTHORISED),
    "exclusions_by_geography": (
        SUSP,
        PEX,
        ("one_plus_susp_rate", "one_plus_susp", "Pupils with one or more suspensions (rate)"),
    ),
}
FSM = {"FSM eligible": "fsm", "FSM not eligible": "not_fsm"}
SEN = {"EHC plan": "ehcp", "SEN support": "sen_support", "No identified SEN": "no_sen"}
# The DfE's social care groups (its codes), in the words the report uses for them.
SOCIAL_CARE_GROUPS = {
    "CINO at 31 March": "Children in need",
    "CLA 12 months at 31 March": "Looked after for 12 months",
    "CPPO at 31 March": "On a child protection plan",
}
SOCIAL_CARE = {
    "Children in need": "cin",
    "Looked after for 12 months": "cla",
    "On a child protection plan": "cpp",
}
SOCIAL_CARE_NOTE = (
    "Groups at 31 March: children in need, other than those on a child protection plan or "
    "looked after; children looked after for at least 12 months; children on a child "
    "protection plan."
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
    ),
    Breakdown("exclusions_by_characteristic", "breakdown", FSM, (SUSP, PEX), "FSM"),
    Breakdown("exclusions_by_characteristic", "breakdown", SEN, (SUSP, PEX), "SEN provision"),
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
        (
            "absence_by_social_care_group",
            PA[0],
            {"social_care_group": "On a child protection plan"},
        ),
    ),
    ("Child protection plan", "perm_excl", "own_cpp_pex", None),
    ("Child in need plan", "perm_excl", "own_cin_pex", None),
)

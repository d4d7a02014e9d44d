"""What data/national/ holds: each output file's columns, the LAIT measure or CSC column each
comes from, and the LAs that were reorganised. Column names follow DfE open data where the DfE
has one for the measure (``sess_overall_percent``, ``susp_rate``), so code written for the EES
files reads these too."""

from __future__ import annotations

from dataclasses import dataclass

ENGLAND = ("E92000001", "England")
LONDON = ("E12000007", "London")
SUBREGIONS = ("London (Inner)", "London (Outer)")  # LAIT's; EES codes them E13: not kept
LEVELS = ("National", "Regional", "Local authority")
LICENCE = "Open Government Licence v3.0"
OWNER = "Department for Education"
EES = "https://explore-education-statistics.service.gov.uk/find-statistics/"
# The publication of a LAIT measure, by the link its dictionary gives (a piece of the address).
PUBLICATIONS = {
    "pupil-absence-in-schools-in-england": "Pupil absence in schools in England",
    "statistics-exclusions": "Suspensions and permanent exclusions in England",
    "children-looked-after-in-england-including": (
        "Children looked after in England including adoptions"
    ),
    "outcomes-for-children-in-need-including-ch": (
        "Outcomes for children in need, including children looked after by local authorities"
        " in England"
    ),
}
CSC_PUBLICATIONS = {  # the EES publication of each CSC file
    "cla": (
        "Children looked after in England including adoptions",
        EES + "children-looked-after-in-england-including-adoptions",
    ),
    "stability": (
        "Children looked after in England including adoptions",
        EES + "children-looked-after-in-england-including-adoptions",
    ),
    "absence": (
        PUBLICATIONS["outcomes-for-children-in-need-including-ch"],
        EES + "outcomes-for-children-in-need-including-children-looked-after-by-local-authorities",
    ),
}
NEIGHBOURS = "Children's services statistical neighbour benchmarking tool (May 2025 model)"
OLDER_SYMBOLS = {"k": "low"}  # the DfE's older symbol for a figure that rounds to 0


@dataclass(frozen=True)
class Column:
    """One output column: a LAIT measure (``source`` "bds", ``measure`` its Short Desc) or a
    column of a CSC file picked out by ``where``. ``decimals`` only where the dictionary gives
    none (then every source value must already be at that precision); ``like`` is the LAIT
    measure whose polarity and publication a CSC column shares."""

    name: str
    label: str
    unit: str  # EES indicator_unit: "%" or "" (counts and rates)
    measure: str
    source: str = "bds"
    where: tuple[tuple[str, str], ...] = ()
    decimals: int | None = None
    like: str = ""
    polarity: str = ""  # for a CSC column with no ``like``


@dataclass(frozen=True)
class Dataset:
    """One output file: its rows are areas and years; ``years`` says how LAIT writes a year
    ("ending": 2024 is 2023/24; "academic": 2023/24)."""

    name: str
    time_identifier: str
    years: str
    columns: tuple[Column, ...]
    filters: tuple[tuple[str, str, str], ...] = ()  # (column, label, the one value)


PCT, NUM = "%", ""
ABSENCE = Dataset(
    "absence",
    "Academic year",
    "ending",
    (
        Column("sess_overall_percent", "Overall absence rate", PCT, "TotAbs"),
        Column("sess_authorised_percent", "Authorised absence rate", PCT, "TotAuthAbs"),
        Column("sess_unauthorised_percent", "Unauthorised absence rate", PCT, "TotUnAuthAbs"),
        Column(
            "enrolments_pa_10_exact_percent",
            "Percentage of persistent absentees (10% or more missed)",
            PCT,
            "TotPerAbNew",
        ),
        Column(
            "enrolments_pa_50_exact_percent",
            "Percentage of severe absentees (50% or more missed)",
            PCT,
            "TotSevPerAbNew",
        ),
    ),
    (("school_type", "School type", "Total"),),
)
EXCLUSIONS = Dataset(
    "exclusions",
    "Academic year",
    "academic",
    (
        Column("susp_rate", "Suspension rate (per 100 pupils)", NUM, "TotFixedEx"),
        Column("perm_excl_rate", "Permanent exclusion rate (per 100 pupils)", NUM, "TotPermEx"),
        Column(
            "one_plus_susp_rate",
            "Pupils with one or more suspensions (per 100 pupils)",
            NUM,
            "Total_ Pup_FixedEx",
        ),
    ),
    (("school_type", "School type", "Total"),),
)
ON_31_MARCH = (("population_type", "Children looked after on 31 March each year"),)
LOOKED_AFTER = Dataset(
    "children_looked_after",
    "Financial year",
    "ending",
    (
        Column("cla_at_31_march", "Children looked after at 31 March", NUM, "LACnum"),
        Column(
            "cla_rate_per_10000",
            "Children looked after at 31 March per 10,000 children",
            NUM,
            "LAC",
            decimals=0,
        ),
        Column("cla_starts", "Children who started to be looked after", NUM, "LACnum_Start"),
        Column(
            "cla_starts_rate_per_10000",
            "Children who started to be looked after per 10,000 children",
            NUM,
            "LAC_Start_Rate",
            decimals=0,
        ),
        Column("cla_ceased", "Children who ceased to be looked after", NUM, "LACceased"),
        Column(
            "cla_ceased_rate_per_10000",
            "Children who ceased to be looked after per 10,000 children",
            NUM,
            "LAC_Cease_Rate",
            decimals=0,
        ),
        Column(
            "uasc_at_31_march",
            "Unaccompanied asylum-seeking children looked after at 31 March",
            NUM,
            "Unacc_Asylmn_Seek_Childn",
        ),
        Column(
            "uasc_percent",
            "Unaccompanied asylum-seeking children (% of children looked after at 31 March)",
            PCT,
            "Unacc_Asylmn_Seek_Childn%",
        ),
        Column(
            "uasc_starts_percent",
            "Unaccompanied asylum-seeking children (% of children who started to be looked after)",
            PCT,
            "UASC_%_Starting",
        ),
        Column(
            "population_under_18",
            "Children under 18 in the LA (ONS mid-year estimate the rates use)",
            NUM,
            "population_estimate",
            source="cla",
            where=ON_31_MARCH,
            decimals=0,
            like="LACnum",
        ),
    ),
)
TWO_YEARS = (("cla_group", "CLA 2 years on 31 March"),)
THREE_IN_TWO = (
    *TWO_YEARS,
    ("placement_stability", "With 3 or more placements during the previous 2 years"),
)
PLACEMENTS = Dataset(
    "cla_placements",
    "Financial year",
    "ending",
    (
        Column(
            "foster_care_percent",
            "In foster care (% of children looked after at 31 March)",
            PCT,
            "LAC_Foster_Placements",
            decimals=0,
        ),
        Column(
            "with_parents_percent",
            "Placed with parents or others with parental responsibility (%)",
            PCT,
            "LAC_Parents_OR_Others",
            decimals=0,
        ),
        Column(
            "childrens_homes_percent",
            "In secure homes and children's homes (%)",
            PCT,
            "LAC_SecHome_And_ChildHome",
            decimals=0,
        ),
        Column(
            "other_residential_percent",
            "In other residential settings (%)",
            PCT,
            "LAC_Other_Res_Settings",
            decimals=0,
        ),
        Column(
            "independent_living_percent",
            "In independent or semi-independent living or supported accommodation (%)",
            PCT,
            "LAC_Ind_SInd_Liv_Arr",
            decimals=0,
        ),
        Column(
            "other_placements_percent",
            "In other placements (%)",
            PCT,
            "LAC_Other_Place_Inc_Unreg",
            decimals=0,
        ),
        Column(
            "over_20_miles_outside_la_percent",
            "Placed outside the LA and more than 20 miles from home (%)",
            PCT,
            "LACDistance",
            decimals=0,
        ),
        Column(
            "three_plus_placements",
            "Children looked after at 31 March with 3 or more placements during the year",
            NUM,
            "LACStableNum_2016on",
        ),
        Column(
            "three_plus_placements_percent",
            "Children looked after at 31 March with 3 or more placements during the year (%)",
            PCT,
            "LACStable_2016on",
            decimals=0,
        ),
        Column(
            "same_carer_2_years",
            "Children under 16 looked after for 2.5 years or more, living with the same carer"
            " for at least 2 years",
            NUM,
            "LAC_LongStableNum",
        ),
        Column(
            "same_carer_2_years_percent",
            "Children under 16 looked after for 2.5 years or more, living with the same carer"
            " for at least 2 years (%)",
            PCT,
            "LAC_LongStable%",
            decimals=0,
        ),
        Column(
            "cla_2_years",
            "Children looked after for at least 2 years at 31 March",
            NUM,
            "children_count",
            source="stability",
            where=(*TWO_YEARS, ("placement_stability", "Total children")),
            decimals=0,
            polarity="-",
        ),
        Column(
            "three_plus_placements_2_years",
            "Children looked after for at least 2 years with 3 or more placements in those 2 years",
            NUM,
            "children_count",
            source="stability",
            where=THREE_IN_TWO,
            decimals=0,
            like="LACStableNum_2016on",
        ),
        Column(
            "three_plus_placements_2_years_percent",
            "Children looked after for at least 2 years with 3 or more placements in those 2"
            " years (%)",
            PCT,
            "children_percent",
            source="stability",
            where=THREE_IN_TWO,
            decimals=0,
            like="LACStable_2016on",
        ),
    ),
)
SOCIAL_CARE_GROUPS = ("CINO at 31 March", "CLA 12 months at 31 March", "CPPO at 31 March")
SOCIAL_CARE_ABSENCE = Dataset(
    "absence_by_social_care_group",
    "Academic year",
    "",
    (
        Column(
            "enrolments", "Pupil enrolments", NUM, "t_pupils", "absence", decimals=0, polarity="-"
        ),
        Column(
            "sess_overall_percent",
            "Overall absence rate",
            PCT,
            "pt_overall",
            "absence",
            decimals=1,
            like="CINTotalAb_3Term",
        ),
        Column(
            "sess_authorised_percent",
            "Authorised absence rate",
            PCT,
            "pt_sess_authorised",
            "absence",
            decimals=1,
            like="CINAuthAb_3Term",
        ),
        Column(
            "sess_unauthorised_percent",
            "Unauthorised absence rate",
            PCT,
            "pt_sess_unauthorised",
            "absence",
            decimals=1,
            like="CINUnauthAb_3Term",
        ),
        Column(
            "enrolments_pa_10_exact_percent",
            "Percentage of persistent absentees (10% or more missed)",
            PCT,
            "pt_pupils_pa_10_exact",
            "absence",
            decimals=1,
            like="CINPermAbsent_3Term",
        ),
        Column(
            "enrolments_pa_50_exact_percent",
            "Percentage of severe absentees (50% or more missed)",
            PCT,
            "pt_pupils_pa_50_exact",
            "absence",
            decimals=1,
            polarity="Low",
        ),
    ),
    (("social_care_group", "Social care group", ""),),
)
LAIT_DATASETS = (ABSENCE, EXCLUSIONS, LOOKED_AFTER, PLACEMENTS)


@dataclass(frozen=True)
class Change:
    """An LA that was replaced, and by which LAs, from a date."""

    former: str
    successors: tuple[str, ...]
    changed_on: str
    order: str
    note: str


CHANGES = (
    Change(
        "835",
        ("838", "839"),
        "2019-04-01",
        "The Bournemouth, Dorset and Poole (Structural Changes) Order 2018",
        "Dorset County Council's area: Christchurch joined Bournemouth, Christchurch and Poole,"
        " the rest became Dorset Council",
    ),
    Change(
        "836",
        ("839",),
        "2019-04-01",
        "The Bournemouth, Dorset and Poole (Structural Changes) Order 2018",
        "Poole joined Bournemouth, Christchurch and Poole",
    ),
    Change(
        "837",
        ("839",),
        "2019-04-01",
        "The Bournemouth, Dorset and Poole (Structural Changes) Order 2018",
        "Bournemouth joined Bournemouth, Christchurch and Poole",
    ),
    Change(
        "928",
        ("940", "941"),
        "2021-04-01",
        "The Northamptonshire (Structural Changes) Order 2020",
        "Northamptonshire was divided between North and West Northamptonshire",
    ),
    Change(
        "909",
        ("942", "943"),
        "2023-04-01",
        "The Cumbria (Structural Changes) Order 2022",
        "Cumbria was divided between Cumberland and Westmorland and Furness",
    ),
)

CHANGED = {code for change in CHANGES for code in (change.former, *change.successors)}
# Figures both LAIT and the CSC files carry, compared by the extractor: (LAIT measure, CSC file,
# its column, the rows of it that hold the figure).
CROSS_CHECKS = (
    ("LACnum", "cla", "children_count", ON_31_MARCH),
    ("LAC", "cla", "rate_per_10000", ON_31_MARCH),
    (
        "LACnum_Start",
        "cla",
        "children_count",
        (("population_type", "Children starting to be looked after each year"),),
    ),
    (
        "LACceased",
        "cla",
        "children_count",
        (("population_type", "Children ceasing to be looked after each year"),),
    ),
    (
        "LACStableNum_2016on",
        "stability",
        "children_count",
        (
            ("cla_group", "CLA on 31 March"),
            ("placement_stability", "With 3 or more placements during the year"),
        ),
    ),
    (
        "LAC_LongStable%",
        "stability",
        "children_percent",
        (("placement_stability", "Living with the same carer for at least 2 years"),),
    ),
)

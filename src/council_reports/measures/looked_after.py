"""Children looked after, as the DfE counts them from the SSDA903 (pure functions).

- Looked after at 31 March: an episode open on 31 March, excluding short-break-only legal
  statuses V3 and V4.
- Started in the year: children with a period of care starting (RNE "S") in the year, each
  child once. Ceased: children with an episode ending with a reason other than X1 (care
  continues) in the year, each child once, by their last occasion.
- Age at 31 March in whole years; legal status from the child's latest episode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..years import year_bounds
from .benchmarks import percent_change

if TYPE_CHECKING:
    from ..load.ssda903 import SSDA903  # the return as read: a type only

SHORT_BREAKS = ("V3", "V4")
AGE_BANDS = ("Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over")  # the DfE's
NOT_KNOWN = "Not known"  # listed last with "Other", whatever their counts
STABILITY = ("One placement", "Two placements", "Three or more")
LEGAL_GROUPS = {
    "C1": "Interim care order",
    "C2": "Care order",
    "E1": "Placement order",
    "V2": "Section 20",
    "J1": "Remand or youth justice",
    "J2": "Remand or youth justice",
    "J3": "Remand or youth justice",
    "L1": "Police protection or EPO",
    "L2": "Police protection or EPO",
    "L3": "Police protection or EPO",
    "D1": "Freeing order",
}
REASON_GROUPS = {
    "E11": "Adopted",
    "E12": "Adopted",
    "E13": "Returned home to parents",
    "E4A": "Returned home to parents",
    "E4B": "Returned home to parents",
    "E45": "Special guardianship order",
    "E46": "Special guardianship order",
    "E47": "Special guardianship order",
    "E48": "Special guardianship order",
    "E9": "Sentenced to custody",
}
ETHNIC_GROUPS = {
    "W": "White",
    "M": "Mixed",
    "B": "Black",
    "A": "Asian",
    "O": "Other",
    "N": "Not known",
    "R": "Not known",
}


def looked_after_on(return_: SSDA903, day: pd.Timestamp) -> pd.DataFrame:
    """Each child's episode open on ``day`` (short breaks excluded), with the child's header."""
    e = return_.episodes
    open_ = e.loc[
        (e["DECOM"] <= day) & (e["DEC"].isna() | (e["DEC"] > day)) & ~e["LS"].isin(SHORT_BREAKS)
    ]
    return open_.drop_duplicates("CHILD", keep="last").merge(return_.header, on="CHILD")


def started(return_: SSDA903, start_year: int) -> pd.DataFrame:
    first, last = year_bounds(start_year)
    e = return_.episodes
    return e.loc[(e["RNE"] == "S") & e["DECOM"].between(first, last)].drop_duplicates(
        "CHILD", keep="last"
    )


def ceased(return_: SSDA903, start_year: int) -> pd.DataFrame:
    """Children who ceased to be looked after in the year, each once, on their last occasion."""
    first, last = year_bounds(start_year)
    e = return_.episodes
    ends = e.loc[e["DEC"].between(first, last) & (e["REC"] != "X1")].sort_values("DEC")
    return ends.drop_duplicates("CHILD", keep="last").merge(return_.header, on="CHILD")


def age_on(dob: pd.Series, day: pd.Timestamp | pd.Series) -> pd.Series:
    """Age in whole years on ``day``: one date for all, or each child's own (a Series)."""
    on = day.dt if isinstance(day, pd.Series) else day
    before = (dob.dt.month > on.month) | ((dob.dt.month == on.month) & (dob.dt.day > on.day))
    return on.year - dob.dt.year - before.astype(int)


def age_band(dob: pd.Series, day: pd.Timestamp) -> pd.Series:
    """Each child's DfE age band at ``day`` (an ordered categorical of AGE_BANDS)."""
    return pd.cut(age_on(dob, day), bins=[-1, 0, 4, 9, 15, 17], labels=list(AGE_BANDS))


def age_by_legal_status(children: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Children by DfE age band (rows, every band) and legal status group (columns, largest
    first), from each child's latest episode."""
    groups = _group_of(children["LS"], LEGAL_GROUPS)
    table = pd.crosstab(age_band(children["DOB"], day), groups)
    return table.reindex(
        index=list(AGE_BANDS), columns=legal_status(children).index, fill_value=0
    ).rename_axis(index="Age", columns=None)


# Placements with a connected person: foster care with a relative or friend (the 903's
# placement codes U1, long-term; U2, who is also an approved adopter; U3, other).
CONNECTED_PERSON = ("U1", "U2", "U3")


def connected_by_age(children: pd.DataFrame, day: pd.Timestamp, status: str = "C2") -> pd.Series:
    """Children of legal status ``status`` (a care order) placed with a connected person, by
    DfE age band (every band), from each child's episode on ``day``."""
    chosen = children.loc[(children["LS"] == status) & children["PLACE"].isin(CONNECTED_PERSON)]
    return age_band(chosen["DOB"], day).value_counts().reindex(list(AGE_BANDS), fill_value=0)


def legal_status(children: pd.DataFrame) -> pd.Series:
    """Children by legal status group."""
    return grouped(children["LS"], LEGAL_GROUPS)


def leaving_reasons(ceased: pd.DataFrame) -> pd.Series:
    """Children who ceased to be looked after, by reason: first those who ceased at 18 (aged 18
    on the day they ceased, whatever the code), then the DfE reason groups."""
    at_18 = age_on(ceased["DOB"], ceased["DEC"]) >= 18
    reasons = grouped(ceased.loc[~at_18, "REC"], REASON_GROUPS)
    return pd.concat([pd.Series({"Ceased at 18": int(at_18.sum())}), reasons])


def age_bands(children: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    """Children by the DfE's age bands at ``day``."""
    return age_band(children["DOB"], day).value_counts().reindex(list(AGE_BANDS), fill_value=0)


def table_1(returns: dict[str, SSDA903]) -> pd.DataFrame:
    """Table 1: children looked after at 31 March, starts and ends, by year, with the % change
    in the number looked after on the year before."""
    rows = []
    for name, return_ in returns.items():
        start_year = int(name[:4])
        census = pd.Timestamp(start_year + 1, 3, 31)
        rows.append(
            {
                "Year": f"31 March {start_year + 1}",
                "Looked after": len(looked_after_on(return_, census)),
                "Started": started(return_, start_year)["CHILD"].nunique(),
                "Ceased": ceased(return_, start_year)["CHILD"].nunique(),
            }
        )
    table = pd.DataFrame(rows)
    table["% change"] = [
        None,
        *(
            percent_change(c, p, 1)  # 228 against 197: 15.7
            for p, c in zip(table["Looked after"], table["Looked after"][1:], strict=False)
        ),
    ]
    return table


def grouped(codes: pd.Series, groups: dict[str, str], other: str = "Other") -> pd.Series:
    """Counts by group, largest first, then ``other`` and "Not known"."""
    counts = _group_of(codes, groups, other).value_counts()
    last = [group for group in (other, NOT_KNOWN) if group in counts.index]
    return pd.concat([counts.drop(last), counts.reindex(last)])


def _group_of(codes: pd.Series, groups: dict[str, str], other: str = "Other") -> pd.Series:
    """Each code's group; codes not in ``groups`` fall in ``other``."""
    return codes.map(lambda code: groups.get(code, other))


def ethnic_groups(header: pd.DataFrame) -> pd.Series:
    return grouped(header["ETHNIC"].str[0], ETHNIC_GROUPS)


SEXES = {"M": "Male", "F": "Female"}  # the loader reads the 1/2 of years before 2024-25 as M/F


def sexes(header: pd.DataFrame) -> pd.Series:
    """Children by sex (U, not known, last)."""
    return grouped(header["SEX"], SEXES, other=NOT_KNOWN)


def unaccompanied(children: pd.DataFrame, return_: SSDA903) -> pd.DataFrame:
    """The children who are unaccompanied asylum-seeking children (in the return's UASC list)."""
    return children.loc[children["CHILD"].isin(return_.uasc["CHILD"])]


def disabled(children: pd.DataFrame, disability: pd.DataFrame) -> pd.DataFrame | None:
    """The children deemed to have a disability (the IRO service's list: CHILD, DISABLED Y/N);
    None when the list does not name every one of ``children`` (it is of another date)."""
    if not children["CHILD"].isin(disability["CHILD"]).all():
        return None
    flagged = disability.loc[disability["DISABLED"] == "Y", "CHILD"]
    return children.loc[children["CHILD"].isin(flagged)]


def stability(placements: pd.Series) -> pd.Series:
    """Children by the number of placements they had in the year: one, two, three or more."""
    bands = pd.cut(placements, bins=[0, 1, 2, float("inf")], labels=STABILITY)
    return bands.value_counts().reindex(list(STABILITY), fill_value=0)


def placements_in_year(return_: SSDA903, children: pd.Series, start_year: int) -> pd.Series:
    """Placements each child had in the year: the placement open at the start of the year, plus
    every episode begun in the year for a new placement (a change of legal status alone, RNE
    "L", is a new episode in the same placement)."""
    first, last = year_bounds(start_year)
    e = return_.episodes.loc[return_.episodes["CHILD"].isin(children)]
    # an episode that ended on 1 April gave way that day to the one that starts then
    during = e.loc[(e["DECOM"] <= last) & (e["DEC"].isna() | (e["DEC"] > first))]
    open_at_start = during["DECOM"] <= first
    return during.loc[open_at_start | (during["RNE"] != "L")].groupby("CHILD").size()


# The groups the DfE's national statistics publish shares of (national.csv's measures): a care
# order there includes an interim one.
PUBLISHED_GROUPS = {
    "SEX": {"M": "male", "F": "female"},
    "ETHNIC": {
        "W": "white",
        "M": "mixed",
        "B": "black",
        "A": "asian",
        "O": "other_ethnic_group",
        "N": "ethnicity_not_known",
        "R": "ethnicity_not_known",
    },
    "LS": {"C1": "care_order", "C2": "care_order", "V2": "section_20", "E1": "placement_order"},
}


def published_shares(children: pd.DataFrame) -> dict[str, float]:
    """The % of ``children`` in each group the DfE publishes nationally (sex, ethnic group,
    legal status), keyed as national.csv names them."""
    shares: dict[str, float] = {}
    for column, groups in PUBLISHED_GROUPS.items():
        codes = children[column].str[0] if column == "ETHNIC" else children[column]
        named = codes.map(groups)
        for name in dict.fromkeys(groups.values()):
            shares[name] = float((named == name).mean() * 100)
    return shares

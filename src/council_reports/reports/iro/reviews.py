"""Reviews: how many were held within the statutory timescales, by quarter and over the years."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...audiences import SERVICE
from ...framework import figure, table
from ...periods import Period
from .base import IroContent, direction_word, joined

if TYPE_CHECKING:
    import pandas as pd

    from ...ledger import Ledger
    from ...present.charts import Figure
    from ...present.tables import Table


class Reviews(IroContent):
    """Review timeliness: tables, charts and facts."""

    @cached_property
    def _reviews(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Every review in the returns, and each with its due date and whether it was on time."""
        from ...measures import reviews as rv

        reviews, starts = rv.reviews_and_periods(self.returns)
        return reviews, rv.timeliness(reviews, starts)

    @cached_property
    def _review_quarters(self) -> pd.DataFrame:
        from ...measures import reviews as rv

        return rv.by_quarter(self._reviews[1], self.year.start_year)

    @property
    def _judged_years(self) -> list[Period]:
        """The years every review of which can be judged: those with a return the year before
        (in a first year, the review before a child's first one in the data is not there)."""
        years = [Period.parse(name) for name in self.returns]
        return [year for year in years if str(year.previous) in self.returns]

    @table("review-timeliness")
    def review_timeliness(self) -> Table:
        from ...present.tables import Table

        return (
            Table.from_frame(
                self._review_quarters,
                id="review-timeliness",
                caption=f"Reviews held in {self.year.label} and on time, by quarter",
                stub=["Quarter"],
                source=self._source("903"),
                synthetic=self._made_up("903"),
                about=SERVICE,
            )
            .roles({"% on time": "on_time_share"})
            .fmt("count", columns=["Reviews", "On time"])
            .fmt("%", 1, columns=["% on time"])
        )

    @figure("review-timeliness")
    def review_timeliness_chart(self) -> Figure:
        from ...present.charts import bar_chart

        quarters = self._review_quarters
        return bar_chart(
            quarters.loc[quarters["Quarter"] != "Year"].assign(series="Reviews on time"),
            id="review-timeliness",
            caption=f"Reviews on time by quarter, {self.year.label}",
            title="Reviews on time",
            category="Quarter",
            series="series",
            value="% on time",
            unit="%",
            decimals=1,
            synthetic=self._made_up("903"),
        )

    @figure("review-timeliness-trend")
    def review_timeliness_trend(self) -> Figure | None:
        """Reviews on time in each year whose reviews can all be judged; none for one year."""
        import pandas as pd

        from ...measures import reviews as rv
        from ...present.charts import line_chart

        if len(self._judged_years) < 2:
            return None
        by_year = pd.DataFrame(
            {
                "Year": [year.label for year in self._judged_years],
                "series": "Reviews on time",
                "% on time": [
                    rv.share_on_time(self._reviews[1], year.start_year)
                    for year in self._judged_years
                ],
            }
        )
        return line_chart(
            by_year,
            id="review-timeliness-trend",
            caption="Reviews held on time, by year",
            title="Reviews on time (%)",
            x="Year",
            series="series",
            value="% on time",
            unit="%",
            decimals=1,
            synthetic=self._made_up("903"),
        )

    def _record_reviews(self, facts: Ledger) -> None:
        from ...measures import reviews as rv
        from ...measures.benchmarks import change

        quarters = self._review_quarters.set_index("Quarter")
        whole = quarters.loc["Year"]
        facts.add(
            "reviews",
            whole["Reviews"],
            unit="count",
            label=f"Reviews held in {self.year.label}",
            source="review-timeliness",
            about=SERVICE,
        )
        facts.add(
            "reviews_on_time",
            whole["On time"],
            unit="count",
            label="Reviews held on time",
            source="review-timeliness",
            about=SERVICE,
        )
        facts.add(
            "reviews_on_time_share",
            whole["% on time"],
            unit="%",
            decimals=1,
            label="% of reviews held on time",
            source="review-timeliness",
            method="reviews_on_time / reviews",
            of=("reviews_on_time", "reviews"),
        )
        before = self.year.previous
        judged = before in self._judged_years
        previous = rv.share_on_time(self._reviews[1], before.start_year) if judged else None
        facts.condition(
            "reviews_previous_judged",
            judged,
            label=f"Every review held in {before.label} can be judged",
            source="review-timeliness",
            method="a return for the year before that one",
        )
        facts.add(
            "reviews_on_time_share_previous",
            "x" if previous is None else previous,
            unit="%",
            decimals=1,
            label=f"% of reviews held on time in {before.label}",
            source="review-timeliness",
        )
        difference = None if previous is None else change(whole["% on time"], previous, 1)
        facts.add(
            "reviews_on_time_change",
            "x" if difference is None else difference,
            unit="pp",
            decimals=1,
            label="Change in the % of reviews held on time on the year before",
            source="review-timeliness",
            method="reviews_on_time_share minus the year before's, each rounded as shown",
            of=("reviews_on_time_share", "reviews_on_time_share_previous"),
        )
        facts.compare(
            "reviews_on_time_direction",
            direction_word(difference, "an improvement", "a fall", "no change"),
            of=("reviews_on_time_change",),
            label="Direction of the change in reviews held on time",
            source="review-timeliness",
            method="sign of reviews_on_time_change",
        )
        late = (quarters["Reviews"] - quarters["On time"]).drop("Year")
        most = late.loc[late > 0].nlargest(2, keep="all")
        facts.condition(
            "reviews_late",
            not most.empty,
            label="Some reviews were held late",
            source="review-timeliness",
            method="reviews less reviews on time, by quarter",
        )
        facts.word(
            "reviews_late_quarters",
            joined(sorted(most.index)),
            label="The quarters with the most reviews held late",
            source="review-timeliness",
            method="the two quarters with the most late reviews (more on a tie)",
        )
        taking_part = self._participation
        codes = taking_part.index.map({words: code for code, words in rv.PARTICIPATION.items()})
        facts.add(
            "participation_included_share",
            taking_part[codes.isin(["PN1", "PN2", "PN3"])].sum() / taking_part.sum() * 100,
            unit="%",
            label="Reviews that included the child",
            source="participation",
        )
        facts.add(
            "participation_no_views",
            int(taking_part[codes == "PN7"].sum()),
            unit="count",
            label="Reviews the child neither attended nor gave views to",
            source="participation",
            about=SERVICE,
        )
        facts.add(
            "participation_no_views_share",
            taking_part[codes == "PN7"].sum() / taking_part.sum() * 100,
            unit="%",
            decimals=1,
            label="% of reviews the child neither attended nor gave views to",
            source="participation",
        )

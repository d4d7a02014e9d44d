"""Charts: offline SVG and PNG with their text drawn, and alt text written from the data."""

from __future__ import annotations

import pandas as pd

from council_reports.present.charts import FONT
from council_reports.present.profiles import count_chart


def ages(first: str) -> pd.Series:
    return pd.Series({first: 4, "10 to 15": 86, "16 and over": 69}, name="Children")


def test_count_chart_alt_text_lists_every_bar():
    figure = count_chart(ages("Under 10"), id="ages", caption="Ages", label="Age")
    assert figure.alt == "Bar chart of Children. Children: Under 10 4, 10 to 15 86, 16 and over 69."


def test_count_chart_of_a_frame_has_a_bar_per_column_in_each_group():
    frame = pd.DataFrame(
        {"Care order": [39, 52], "Section 20": [13, 14]},
        index=pd.Index(["Under 10", "10 to 15"], name="age"),
    )
    figure = count_chart(frame, id="age-legal", caption="Age by legal status", label="Age")
    assert figure.alt == (
        "Bar chart of Children. Care order: Under 10 39, 10 to 15 52; "
        "Section 20: Under 10 13, 10 to 15 14."
    )


def test_charts_draw_their_text_with_the_bundled_fonts(tmp_path):
    """vl-convert leaves out text in a font it does not have, so on a machine without Arial a
    chart's PNG (in Word) would have no labels: two charts differing only in a label would be
    the same picture."""
    one = count_chart(ages("Under 10"), id="one", caption="Ages", label="Age")
    other = count_chart(ages("Under 9"), id="other", caption="Ages", label="Age")
    one.save(tmp_path)
    other.save(tmp_path)
    assert (tmp_path / "one.png").read_bytes() != (tmp_path / "other.png").read_bytes()
    assert f'font-family="{FONT}"' in (tmp_path / "one.svg").read_text(encoding="utf-8")
    assert "Liberation Sans" in FONT  # the font the templates bundle (and typst's PDF uses)

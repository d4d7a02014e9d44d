"""Charts: offline SVG and PNG drawn with the bundled fonts only (the same bytes whatever fonts a
machine has), bars labelled with their values, one measure per axis, and alt text that says the
point of the chart first."""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from council_reports.framework import get_report
from council_reports.present.charts import (
    FONT,
    NARROW,
    NARROW_PX,
    PAGE_TEXT,
    SLIDE,
    SLIDE_PX,
    SLIDE_TEXT,
    Figure,
    bar_chart,
    line_chart,
    png_twins,
)
from council_reports.present.descriptions import ALT_LIMIT, describe_lines
from council_reports.reports.iro.profiles import count_chart
from tests.conftest import TEMPLATES, make_target, registered

ROOT = Path(__file__).resolve().parents[1]
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def ages(first: str) -> pd.Series:
    return pd.Series({first: 4, "10 to 15": 86, "16 and over": 69}, name="Children")


def areas() -> pd.DataFrame:
    """Absence by area as the attendance report has it: two measures of different kinds."""
    return pd.DataFrame(
        {
            "measure": ["Persistent absence"] * 3 + ["Unauthorised absence rate"] * 3,
            "area": ["Bath and North East Somerset", "South West", "England"] * 2,
            "value": [18.3, 20.8, 20.0, 1.9, 2.3, 2.5],
        }
    )


def test_count_chart_alt_text_says_the_largest_and_smallest_group():
    figure = count_chart(ages("Under 10"), id="ages", caption="Ages", label="Age")
    assert figure.alt == (
        "Largest: 10 to 15 (86); smallest: Under 10 (4). Next largest: 16 and over (69)."
    )


def test_grouped_bars_alt_text_says_where_the_la_stands_against_england():
    frame = pd.DataFrame(
        {
            "group": ["FSM eligible"] * 3 + ["FSM not eligible"] * 3,
            "area": ["Bath and North East Somerset", "South West", "England"] * 2,
            "value": [39.3, 39.3, 34.8, 13.0, 15.1, 14.1],
        }
    )
    figure = bar_chart(
        frame,
        id="fsm",
        caption="FSM",
        title="Persistent absentees",
        category="group",
        series="area",
        value="value",
        unit="%",
        decimals=1,
    )
    # the largest gap first
    assert figure.alt == (
        "FSM eligible: Bath and North East Somerset 39.3%, above England (34.8%). "
        "FSM not eligible: Bath and North East Somerset 13.0%, below England (14.1%)."
    )


def test_measures_of_different_kinds_get_a_panel_and_an_axis_each():
    figure = bar_chart(
        areas(),
        id="absence",
        caption="Absence by area",
        title="Percentage",
        category="area",
        series="area",
        value="value",
        unit="%",
        decimals=1,
        panel="measure",
    )
    spec = figure.spec
    assert spec["facet"]["row"]["field"] == "measure"
    assert spec["resolve"]["scale"]["x"] == "independent"  # one measure per axis
    assert figure.alt == (
        "Persistent absence: Bath and North East Somerset 18.3%, below England (20.0%). "
        "Unauthorised absence rate: Bath and North East Somerset 1.9%, below England (2.5%)."
    )
    svg = figure.svg(TEMPLATES)
    assert svg.count(">Persistent absence<") == 1 and ">Unauthorised absence rate<" in svg


def test_bars_are_labelled_with_their_values(tmp_path):
    figure = count_chart(ages("Under 10"), id="ages", caption="Ages", label="Age")
    svg = figure.svg(TEMPLATES)
    for label in (">4<", ">86<", ">69<"):
        assert label in svg


def _suspensions_chart() -> Figure:
    """B&NES's suspension rate against England's over three years (the published figures)."""
    frame = pd.DataFrame(
        {
            "year": ["2021/22", "2022/23", "2023/24"] * 2,
            "area": ["Bath and North East Somerset"] * 3 + ["England"] * 3,
            "rate": [8.22, 9.28, 13.03, 6.91, 9.33, 11.31],
        }
    )
    return line_chart(
        frame,
        id="trend",
        caption="Suspensions",
        title="Suspensions per 100 pupils",
        x="year",
        series="area",
        value="rate",
        unit="rate",
        decimals=2,
    )


def test_line_chart_alt_text_says_the_trend_england_and_the_change_on_last_year():
    figure = _suspensions_chart()
    assert figure.alt == (
        "Bath and North East Somerset rose from 8.22 in 2021/22 to 13.03 in 2023/24. "
        "That is above England (11.31). On 2022/23 (9.28): +3.75."
    )
    assert ">13.03<" in figure.svg(TEMPLATES)  # the last value labelled at the line's end


@pytest.mark.parametrize(
    ("values", "said"),
    [
        # a fall and a recovery are both said, not hidden behind first against last
        (
            [89.8, 87.0, 71.3, 93.2],
            "Reviews on time fell from 89.8% in 2020/21 to 71.3% in 2022/23, then rose to 93.2%"
            " in 2023/24.",
        ),
        ([1.0, 2.0, 3.0], "Reviews on time rose from 1.0% in 2020/21 to 3.0% in 2022/23."),
        (
            [3.0, 3.0, 4.0],
            "Reviews on time stayed at 3.0% from 2020/21 to 2021/22, then rose to 4.0% in 2022/23.",
        ),
        (  # many turns: where it went, its highest and its lowest
            [5.0, 4.0, 6.0, 3.0, 7.0],
            "Reviews on time went from 5.0% in 2020/21 to 7.0% in 2024/25, rising and falling in"
            " between. Highest: 7.0% in 2024/25; lowest: 3.0% in 2023/24.",
        ),
    ],
)
def test_line_alt_text_describes_the_shape(values, said):
    frame = pd.DataFrame(
        {
            "year": [f"20{20 + i}/{21 + i}" for i in range(len(values))],
            "series": "Reviews on time",
            "share": values,
        }
    )
    alt_text = describe_lines(frame, x="year", series="series", value="share", unit="%", decimals=1)
    assert alt_text.startswith(said)


def test_every_point_of_the_las_line_is_labelled():
    figure = _suspensions_chart()
    svg = figure.svg(TEMPLATES)
    for label in (">8.22<", ">9.28<", ">13.03<", ">11.31<"):  # England's at its end only
        assert label in svg
    assert ">6.91<" not in svg and ">9.33<" not in svg


def test_alt_text_stays_short_however_many_groups():
    counts = pd.Series({f"Reason number {i} for leaving care": i for i in range(1, 30)})
    figure = count_chart(counts, id="reasons", caption="Reasons", label="Reason")
    assert len(figure.alt) < ALT_LIMIT
    assert figure.alt.startswith("Largest: Reason number 29 for leaving care (29)")


def test_save_writes_svg_a_narrow_svg_and_a_slide_png_with_larger_text_then_the_png_twin(
    tmp_path,
):
    figure = count_chart(ages("Under 10"), id="ages", caption="Ages", label="Age")
    figure.save(tmp_path, templates=TEMPLATES)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ages-narrow.svg",
        "ages-slide.png",
        "ages.svg",
    ]
    assert png_twins(tmp_path, TEMPLATES) == [tmp_path / "ages.png"]  # a build making Word
    assert png_twins(tmp_path, TEMPLATES) == []  # made once
    assert f'font-family="{FONT}"' in (tmp_path / "ages.svg").read_text(encoding="utf-8")
    assert f'font-size="{SLIDE_TEXT}px"' in figure.svg(TEMPLATES, SLIDE)
    for name in ("ages.png", "ages-slide.png"):
        assert (tmp_path / name).read_bytes().startswith(b"\x89PNG")


def test_charts_draw_their_text_with_the_bundled_fonts(tmp_path):
    """A chart's PNG (in Word) has its labels: two charts differing only in a label differ."""
    one = count_chart(ages("Under 10"), id="one", caption="Ages", label="Age")
    other = count_chart(ages("Under 9"), id="other", caption="Ages", label="Age")
    one.save(tmp_path, templates=TEMPLATES)
    other.save(tmp_path, templates=TEMPLATES)
    png_twins(tmp_path, TEMPLATES)
    assert (tmp_path / "one.png").read_bytes() != (tmp_path / "other.png").read_bytes()


def renamed_font(font: bytes, family: str) -> bytes:
    """``font`` with a name table calling it ``family`` (Regular): a different typeface that a
    machine knows by another font's name, as happens when fonts are installed."""
    tables = {
        font[12 + 16 * i : 16 + 16 * i]: 12 + 16 * i
        for i in range(struct.unpack(">H", font[4:6])[0])
    }
    entry = tables[b"name"]
    names = {1: family, 2: "Regular", 4: family, 6: family.replace(" ", ""), 16: family}
    strings, records = b"", []
    for name_id, text in sorted(names.items()):
        for platform, encoding, language, data in (
            (1, 0, 0, text.encode("mac_roman")),
            (3, 1, 0x409, text.encode("utf-16-be")),
        ):
            records.append((platform, encoding, language, name_id, len(data), len(strings)))
            strings += data
    records.sort()
    table = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    table += b"".join(struct.pack(">6H", *record) for record in records) + strings
    start = len(font) + (-len(font) % 4)
    result = bytearray(font + b"\0" * (start - len(font)) + table)
    result[entry + 8 : entry + 16] = struct.pack(">II", start, len(table))
    return bytes(result)


CHART_SCRIPT = """
import hashlib, json, sys, tempfile
from pathlib import Path
from council_reports.present import charts

figure = charts.Figure("ages", "Ages", "", json.loads(Path(sys.argv[1]).read_text()))
folder = Path(tempfile.mkdtemp())
figure.save(folder, templates=Path(sys.argv[2]))
charts.png_twins(folder, Path(sys.argv[2]))
names = ("ages.svg", "ages.png", "ages-slide.png")
digest = lambda data: hashlib.sha256(data).hexdigest()
print(json.dumps({name: digest((folder / name).read_bytes()) for name in names}))
"""
# the way charts were drawn before: vl-convert as it starts, with whatever fonts the machine has
MACHINE_FONTS_SCRIPT = """
import hashlib, json, sys
from pathlib import Path
import vl_convert

spec = json.loads(Path(sys.argv[1]).read_text())
spec["config"]["font"] = "Arial, Liberation Sans, sans-serif"
print(json.dumps({"machine fonts": hashlib.sha256(vl_convert.vegalite_to_png(spec)).hexdigest()}))
"""


@pytest.mark.slow
@pytest.mark.skipif(not DEJAVU.is_file(), reason=f"needs a font to install: {DEJAVU} is missing")
def test_charts_are_the_same_bytes_under_two_different_font_sets(tmp_path):
    """Two machines: one with the fonts it has, one whose only fonts (its fontconfig settings
    list its user's folder alone) are named Arial and Liberation Sans but are really another
    typeface. The charts' SVG and PNGs are byte-identical on both; vl-convert drawing with the
    machine's fonts, as charts were drawn before, is not, which shows the font sets differ."""
    spec = tmp_path / "spec.json"
    figure = count_chart(ages("Under 10"), id="ages", caption="Ages", label="Age")
    spec.write_text(json.dumps(figure.spec), encoding="utf-8")
    results = []
    for name, fonts in (
        ("plain", {}),
        ("other", {"Arial": "arial.ttf", "Liberation Sans": "ls.ttf"}),
    ):
        home = tmp_path / name
        for folder in (home / ".fonts", home / ".local" / "share" / "fonts"):
            folder.mkdir(parents=True)
            for family, file in fonts.items():
                (folder / file).write_bytes(renamed_font(DEJAVU.read_bytes(), family))
        environment = os.environ | {"HOME": str(home), "XDG_DATA_HOME": str(home / ".local/share")}
        if fonts:
            settings = home / "fonts.conf"
            settings.write_text(f"<fontconfig><dir>{home / '.fonts'}</dir></fontconfig>\n")
            environment["FONTCONFIG_FILE"] = str(settings)
        result = {}
        for script in (CHART_SCRIPT, MACHINE_FONTS_SCRIPT):
            run = subprocess.run(
                [sys.executable, "-c", script, str(spec), str(TEMPLATES)],
                env=environment,
                capture_output=True,
                text=True,
                check=True,
            )
            result |= json.loads(run.stdout.strip().splitlines()[-1])
        results.append(result)
    plain, other = results
    assert plain["machine fonts"] != other["machine fonts"]  # the font sets differ
    for name in ("ages.svg", "ages.png", "ages-slide.png"):
        assert plain[name] == other[name], name
    assert hashlib.sha256(b"").hexdigest() not in plain.values()


def test_grouped_bars_stand_upright_on_a_slide():
    """Many bars lying down would be squeezed into the height under a slide's title."""
    frame = pd.DataFrame(
        {"Care order": [3, 20, 30, 52], "Section 20": [1, 2, 3, 14]},
        index=pd.Index(["Under 1", "1 to 4", "5 to 9", "10 to 15"], name="age"),
    )
    figure = count_chart(frame, id="age-legal", caption="Age by legal status", label="Age")

    def anchor(svg: str) -> str:  # how the group's label sits against its axis
        return re.search(r'<text text-anchor="(\w+)"[^>]*>10 to 15</text>', svg).group(1)

    assert anchor(figure.svg(TEMPLATES)) == "end"  # on the page: beside bars lying down
    assert anchor(figure.svg(TEMPLATES, SLIDE)) == "middle"  # on a slide: under upright bars


def svg_size(svg: str) -> tuple[float, float]:
    width, height = re.search(r'<svg [^>]*width="([\d.]+)" height="([\d.]+)"', svg).groups()
    return float(width), float(height)


def test_many_grouped_bars_stand_upright_on_the_page_too():
    """Twenty bars lying down would take most of a page: more than twelve stand upright."""
    frame = pd.DataFrame(
        {name: [3, 4, 20, 52, 51] for name in ("Care order", "Section 20", "Interim", "Placement")},
        index=pd.Index(["Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over"], name="age"),
    )
    svg = count_chart(frame, id="age-legal", caption="Age by legal status", label="Age").svg(
        TEMPLATES
    )
    assert re.search(r'<text text-anchor="middle"[^>]*>10 to 15</text>', svg)
    width, height = svg_size(svg)
    assert height < width


def test_a_chart_for_a_phone_fits_296px_with_12px_text_and_whole_labels():
    """Drawn for a phone, a wide chart with long labels is 296 px wide at most, its text 12 px,
    and its labels are wrapped onto lines, never cut short."""
    labels = {
        "PN0: Child under 4 at the time of the review": 46,
        "PN6: Does not attend; conveys views by another medium": 24,
        "PN1: Attends and speaks for themselves": 210,
    }
    figure = count_chart(pd.Series(labels), id="p", caption="Participation", label="Participation")
    page, narrow = figure.svg(TEMPLATES), figure.svg(TEMPLATES, NARROW)
    assert svg_size(page)[0] > NARROW_PX >= svg_size(narrow)[0]
    assert set(re.findall(r'font-size="([\d.]+)px"', narrow)) == {str(PAGE_TEXT)}
    assert "…" not in narrow and "medium" in narrow  # wrapped (in tspans), not cut
    assert re.search(r"<tspan[^>]*>conveys views</tspan>|conveys views by", narrow)


def test_a_chart_for_a_slide_fits_its_width_with_whole_labels():
    labels = {f"Reason number {i} given for using the protocol this year": i for i in range(1, 5)}
    figure = count_chart(pd.Series(labels), id="r", caption="Reasons", label="Reason")
    svg = figure.svg(TEMPLATES, SLIDE)
    assert svg_size(svg)[0] <= SLIDE_PX
    assert "Reason number 4 given for using the protocol this year" in svg  # never cut short


@pytest.mark.parametrize("report", [r.id for r in registered()])
def test_every_chart_of_a_report_is_valid_vega_lite(report):
    """The build skips altair's schema check for speed, so it is made here, on every chart of
    every report."""
    definition = get_report(report)
    la, period = definition.test_target
    target = make_target(report, str(period), definition.data_dir(ROOT / "data"), la=la)
    content = definition.content(target)
    figures = [content.build(kind, id) for kind, id in content.outputs if kind == "figure"]
    for figure in figures:
        if isinstance(figure, Figure):
            alt.Root.from_dict(figure.spec, validate=True)

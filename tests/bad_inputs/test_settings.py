"""Settings files (each report folder's cover.yml and slides.yml) made wrong as an author or an
attacker might: each is one line naming the file, its line and the key, before anything runs;
through the command line the previous build survives byte for byte."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from council_reports.cli import main
from council_reports.errors import DataError
from council_reports.periods import Period
from council_reports.present.cover import read_cover
from council_reports.present.slides import read_slides
from tests.conftest import own_settings

from .conftest import ROOT
from .test_builds import assert_untouched, build_args, one_line

DATE = "write a date as 2025-10-13"
# Nine levels of ten: a billion strings from eleven lines.
BOMB = "bomb:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"  a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 10)
)


@dataclass(frozen=True)
class Setting:
    id: str
    file: str  # in the report's folder: report/cover.yml
    change: Callable[[str], str]  # the file's text, edited
    marker: str  # text on the line the error names ({line})
    error: str  # the line after "error: "; {file} and {line} filled in


def _set(key: str, value: str) -> Callable[[str], str]:
    """Write ``key: value`` over the file's top-level ``key``."""
    line = f"{key}: {value}"
    return lambda text: re.sub(rf"(?m)^{re.escape(key)}:.*$", lambda _: line, text, count=1)


def _add(lines: str) -> Callable[[str], str]:
    return lambda text: text + lines


def _replace(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, 1)


COVER = "attendance/cover.yml"
SETTINGS = [
    Setting(
        "alias-bomb",
        COVER,
        _add(BOMB),
        "a1: &a1",
        "{file}:{line}: an alias (*a0) repeats another part of the file (write the value out: "
        "anchors and aliases are not read)",
    ),
    Setting(
        "key-set-twice",
        COVER,
        _add("ward: Abbey\n"),
        "ward: Abbey",
        "{file}:{line}:ward: 'ward' is set twice (first on line 14) (keep one)",
    ),
    Setting(
        "meeting-date-as-a-list",
        COVER,
        _set("date", "[2025-10-13]"),
        "date: [",
        "{file}:{line}:date: date is a list, not a date (" + DATE + ")",
    ),
    Setting(
        "thirtieth-of-february",
        COVER,
        _set("date", "2025-02-30"),
        "date: 2025-02-30",
        "{file}:{line}:date: date '2025-02-30' is not a day of the calendar (" + DATE + ")",
    ),
    Setting(
        "a-date-in-words",
        COVER,
        _set("date", "13 October 2025"),
        "date: 13",
        "{file}:{line}:date: date '13 October 2025' is not written as a date (" + DATE + ")",
    ),
    Setting(
        "contact-as-a-list",
        COVER,
        _set("contact", "[Sarah Gunner, Virtual School Headteacher]"),
        "contact: [",
        "{file}:{line}:contact: contact is a list, not text (write it as one text)",
    ),
    Setting(
        "publish-yes",
        COVER,
        _add("publish: yes\n"),
        "publish: yes",
        "{file}:{line}:publish: publish is 'yes', a yes/no value, not one of committee, public "
        "(publish: committee or publish: public)",
    ),
    Setting(
        "open-item-as-text",
        COVER,
        _set("open_public_item", "sometimes"),
        "open_public_item:",
        "{file}:{line}:open_public_item: open_public_item is 'sometimes', text, not true or "
        "false (write true or false)",
    ),
    Setting(
        "a-setting-misspelt",
        COVER,
        _add("contcat: Someone else\n"),
        "contcat:",
        "{file}:{line}:contcat: 'contcat' is not one of the cover report settings (cover report "
        "settings: la, council, meeting, date, forward_plan_reference, title, report_title, ward, "
        "open_public_item, contact, publish, background_papers, sections, periods)",
    ),
    Setting(
        "impossible-date-for-one-period",
        COVER,
        _replace("    date: 2024-10-14", "    date: 2024-13-01"),
        "date: 2024-13-01",
        "{file}:{line}:periods.2022-23.date: date '2024-13-01' is not a day of the calendar ("
        + DATE
        + ")",
    ),
    Setting(
        "a-bell-in-the-ward",
        COVER,
        _set("ward", '"All\\a"'),
        "ward:",
        "{file}:{line}:ward: 'All\\x07' holds a control character (U+0007) (delete it: text "
        "holds no control characters)",
    ),
    Setting(
        "an-emoji-in-the-title",
        COVER,
        _set("report_title", '"School attendance \\U0001F3EB"'),
        "report_title:",
        "{file}:{line}:report_title: 'School attendance \U0001f3eb' holds '\U0001f3eb' "
        "(U+1F3EB SCHOOL), which the report's fonts cannot show (write it without that "
        "character)",
    ),
    Setting(
        "a-point-with-an-unknown-condition",
        "iro/slides.yml",
        _replace("        when-fact: staffing_recorded", "        when: staffing_recorded"),
        "when: staffing_recorded",
        "{file}:{line}:slides[1].points[1].when: 'when' is not one of the keys of a paragraph "
        "(keys of a paragraph: text, when-fact, unless-fact, is, when-hidden, unless-hidden)",
    ),
    Setting(
        "a-slide-title-as-a-list",
        "iro/slides.yml",
        _replace("  - title: Children in care", "  - title: [Children, in care]"),
        "title: [Children",
        "{file}:{line}:slides[3].title: title is a list, not text (write it as one text)",
    ),
]
BY_ID = {setting.id: setting for setting in SETTINGS}


def changed(setting: Setting, folder: Path) -> tuple[Path, str]:
    """Edit the setting's file in ``folder`` (a copy of the report's own settings); the line
    it must print."""
    path = folder / Path(setting.file).name
    text = setting.change(path.read_text(encoding="utf-8"))
    assert text != path.read_text(encoding="utf-8"), setting.id
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if setting.marker in row)
    return path, setting.error.format(file=path, line=line)


def read(path: Path) -> object:
    if path.name == "slides.yml":
        return read_slides(path)
    return read_cover(path, Period.parse("2023-24"))


def settings_of(report: str, folder: Path) -> Path:
    """A copy of the report's settings files in ``folder``."""
    from council_reports.framework import get_report

    return shutil.copytree(
        get_report(report).folder, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )


@pytest.mark.parametrize("setting", SETTINGS, ids=[s.id for s in SETTINGS])
def test_each_bad_setting_is_one_line_naming_its_line_and_key(setting, tmp_path):
    folder = settings_of(setting.file.split("/")[0], tmp_path / "settings")
    path, line = changed(setting, folder)
    with pytest.raises(DataError) as caught:
        read(path)
    assert str(caught.value) == line


def test_the_settings_as_shipped_are_read():
    for path in sorted((ROOT / "src" / "council_reports" / "reports").glob("*/*.yml")):
        read(path)


@pytest.mark.slow
@pytest.mark.parametrize("setting_id", ["publish-yes", "thirtieth-of-february", "alias-bomb"])
def test_a_bad_setting_stops_the_build_in_one_line(
    setting_id, previous, tmp_path, monkeypatch, capsys
):
    out, target, before = previous("attendance", "2023-24")
    folder = own_settings(monkeypatch, "attendance", tmp_path / "settings")
    _, line = changed(BY_ID[setting_id], folder)
    capsys.readouterr()
    assert main(build_args("attendance", out, None)) == 2
    assert one_line(capsys.readouterr().err) == f"error: {line}"
    assert_untouched(target, before)

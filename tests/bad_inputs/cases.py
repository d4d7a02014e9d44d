"""The corpus: each case damages a copy of data/ and names the one line the build must print
(after ``error: ``; ``{data}`` is the data folder), or None when the data must be accepted."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import edits

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Case:
    id: str
    report: str
    period: str
    change: Callable[[Path], None]  # edits the copy of data/ it is given
    error: str | None  # the line after "error: ", or None: the data is read as it should be
    kind: str  # what the campaign called it

    def line(self, data: Path) -> str | None:
        return None if self.error is None else self.error.format(data=data)


def _file(*parts: str) -> Callable[[Path], Path]:
    return lambda data: data.joinpath(*parts)


EPISODES = _file("iro", "ssda903", "2024-25", "episodes.csv")
HEADER = _file("iro", "ssda903", "2024-25", "header.csv")
REVIEWS = _file("iro", "ssda903", "2024-25", "reviews.csv")
UASC = _file("iro", "ssda903", "2024-25", "uasc.csv")
SERVICE = _file("iro", "service")
GEOGRAPHY = _file("attendance", "absence_by_geography.csv")
EXCLUSIONS = _file("attendance", "exclusions_by_geography.csv")
CHARACTERISTIC = _file("attendance", "absence_by_characteristic.csv")
POLICE = _file("bcssp", "2023-24", "police.csv")
KPIS = _file("bcssp", "2023-24", "training_kpis.xlsx")
CHILDRENS = _file("bcssp", "2023-24", "childrens_social_care.xlsx")
ADULTS = _file("bcssp", "2023-24", "adult_safeguarding.xlsx")
AGENCIES = _file("reference", "bcssp_agencies.csv")
KPI_LIST = _file("reference", "bcssp_kpis.csv")

IRO, ATTENDANCE, BCSSP = ("iro", "2024-25"), ("attendance", "2023-24"), ("bcssp", "2023-24")
CSV_HINT = "save it from Excel as 'CSV UTF-8 (Comma delimited)'"
XLSX_HINT = "save it from Excel as 'Excel Workbook (.xlsx)'"
NINE03 = (
    "each year needs header.csv, episodes.csv, uasc.csv, reviews.csv, with the DfE 903 column names"
)
EES = "see the EES open-data standard (data/attendance/README.md)"
RETURNS = "each period needs every return data/bcssp/README.md lists"
ROW_LENGTH = "one cell per column; quote a cell that holds a comma"
VALUES = "paste values: copy the cells and use Paste Special > Values"
LIMITS = (
    "a sheet we read holds at most 10,000 rows and 200 columns; delete what lies below or to "
    "the right of its tables"
)
DIGITS = "type the number with the digits 0-9"
CONTROL = "delete it: text holds no control characters"
FONTS = "write it without that character"


def _empty(path: Callable[[Path], Path]) -> Callable[[Path], None]:
    return lambda data: path(data).write_bytes(b"")


def _bytes(path: Callable[[Path], Path], content: bytes) -> Callable[[Path], None]:
    return lambda data: path(data).write_bytes(content)


def _with(path: Callable[[Path], Path], edit: Callable[..., None], *args) -> Callable[[Path], None]:
    return lambda data: edit(path(data), *args)


def _folder_named(path: Callable[[Path], Path]) -> Callable[[Path], None]:
    def change(data: Path) -> None:
        path(data).unlink()
        path(data).mkdir()

    return change


def _pipe_named(path: Callable[[Path], Path]) -> Callable[[Path], None]:
    def change(data: Path) -> None:
        path(data).unlink()
        os.mkfifo(path(data))

    return change


def _legacy(path: Callable[[Path], Path], row: int, column: str, text: str, encoding: str):
    """A cell written with an accent, the file saved in a legacy encoding."""

    def change(data: Path) -> None:
        edits.set_cell(path(data), row, column, text, 3 if path(data).name == "police.csv" else 1)
        edits.reencode(path(data), encoding)

    return change


def _episode_row(data: Path, row: int) -> dict[str, str]:
    table = edits.rows(EPISODES(data))
    return dict(zip(table[0], table[row - 1], strict=True))


CASES = [
    # ---- files that are not what they claim, in every report's inputs
    Case(
        "903-header-empty",
        *IRO,
        _empty(HEADER),
        "{data}/iro/ssda903/2024-25/header.csv: the file is empty (0 bytes) (" + CSV_HINT + ")",
        "empty file",
    ),
    Case(
        "903-episodes-header-only",
        *IRO,
        _with(EPISODES, edits.keep_header_only),
        "{data}/iro/ssda903/2024-25/episodes.csv:2: the file has a header but no rows ("
        + NINE03
        + ")",
        "header-only file",
    ),
    Case(
        "903-reviews-header-only",
        *IRO,
        _with(REVIEWS, edits.keep_header_only),
        "{data}/iro/ssda903/2024-25/reviews.csv:2: the file has a header but no rows ("
        + NINE03
        + ")",
        "header-only file",
    ),
    Case(
        "903-uasc-header-only-is-no-uasc",
        *IRO,
        _with(UASC, edits.keep_header_only),
        None,
        "header-only file (allowed: a year may have no UASC)",
    ),
    Case(
        "903-episodes-utf16",
        *IRO,
        _with(EPISODES, edits.reencode, "utf-16"),
        "{data}/iro/ssda903/2024-25/episodes.csv: the file is UTF-16 text, not UTF-8 ("
        + CSV_HINT
        + ")",
        "UTF-16",
    ),
    Case(
        "903-reviews-binary",
        *IRO,
        _bytes(REVIEWS, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        "{data}/iro/ssda903/2024-25/reviews.csv: the file is binary, not text (" + CSV_HINT + ")",
        "binary file",
    ),
    Case(
        "903-header-is-a-folder",
        *IRO,
        _folder_named(HEADER),
        "{data}/iro/ssda903/2024-25/header.csv: not a regular file (replace it with the data file)",
        "not a file",
    ),
    Case(
        "903-header-is-a-pipe",
        *IRO,
        _pipe_named(_file("iro", "ssda903", "2023-24", "header.csv")),
        "{data}/iro/ssda903/2023-24/header.csv: not a regular file (replace it with the data file)",
        "not a file (reading a pipe would hang)",
    ),
    Case(
        "service-development-areas-latin1",
        *IRO,
        _legacy(lambda d: SERVICE(d) / "development_areas.csv", 3, "action", "Révision", "cp1252"),
        "{data}/iro/service/development_areas.csv:3: not UTF-8 text: byte 0xe9 cannot be read "
        "(saved as Latin-1 or Windows-1252?) (" + CSV_HINT + ")",
        "Latin-1",
    ),
    Case(
        "service-drp-log-empty",
        *IRO,
        _empty(lambda d: SERVICE(d) / "drp_log.csv"),
        "{data}/iro/service/drp_log.csv: the file is empty (0 bytes) (" + CSV_HINT + ")",
        "empty file",
    ),
    Case(
        "service-targets-header-only",
        *IRO,
        _with(lambda d: SERVICE(d) / "targets.csv", edits.keep_header_only),
        "{data}/iro/service/targets.csv:2: the file has a header but no rows (see "
        "data/iro/README.md; columns: measure, year, target, source)",
        "header-only file",
    ),
    Case(
        "ees-geography-empty",
        *ATTENDANCE,
        _empty(GEOGRAPHY),
        "{data}/attendance/absence_by_geography.csv: the file is empty (0 bytes) ("
        + CSV_HINT
        + ")",
        "empty file",
    ),
    Case(
        "ees-geography-header-only",
        *ATTENDANCE,
        _with(GEOGRAPHY, edits.keep_header_only),
        "{data}/attendance/absence_by_geography.csv:2: the file has a header but no rows ("
        + EES
        + ")",
        "header-only file",
    ),
    Case(
        "ees-exclusions-utf16",
        *ATTENDANCE,
        _with(EXCLUSIONS, edits.reencode, "utf-16"),
        "{data}/attendance/exclusions_by_geography.csv: the file is UTF-16 text, not UTF-8 ("
        + CSV_HINT
        + ")",
        "UTF-16",
    ),
    Case(
        "ees-characteristic-cp1252",
        *ATTENDANCE,
        _legacy(CHARACTERISTIC, 5, "breakdown", "Gypsy – Roma", "cp1252"),
        "{data}/attendance/absence_by_characteristic.csv:5: not UTF-8 text: byte 0x96 cannot "
        "be read (saved as Latin-1 or Windows-1252?) (" + CSV_HINT + ")",
        "Windows-1252",
    ),
    Case(
        "ees-meta-binary",
        *ATTENDANCE,
        _bytes(_file("attendance", "absence_by_geography.meta.csv"), bytes(range(256))),
        "{data}/attendance/absence_by_geography.meta.csv: the file is binary, not text ("
        + CSV_HINT
        + ")",
        "binary file",
    ),
    Case(
        "ees-unterminated-quote",
        *ATTENDANCE,
        _with(GEOGRAPHY, lambda p: p.write_text(p.read_text() + '202324,"Academic year\n')),
        "{data}/attendance/absence_by_geography.csv:8: not a readable CSV: unexpected end of "
        "data (" + CSV_HINT + ")",
        "broken quoting",
    ),
    Case(
        "ees-crlf-and-bom-are-read",
        *ATTENDANCE,
        _with(
            GEOGRAPHY,
            lambda p: p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes().replace(b"\n", b"\r\n")),
        ),
        None,
        "CRLF and BOM (held before; still read)",
    ),
    Case(
        "police-empty",
        *BCSSP,
        _empty(POLICE),
        "{data}/bcssp/2023-24/police.csv: the file is empty (0 bytes) (" + RETURNS + ")",
        "empty file",
    ),
    Case(
        "police-header-only",
        *BCSSP,
        _with(POLICE, lambda p: edits.write_rows(p, edits.rows(p)[:3])),
        "{data}/bcssp/2023-24/police.csv:4: the table headed 'section' has no rows ("
        "the table's header row reads section, measure, current, previous)",
        "header-only return",
    ),
    Case(
        "police-utf16",
        *BCSSP,
        _with(POLICE, edits.reencode, "utf-16"),
        "{data}/bcssp/2023-24/police.csv: the file is UTF-16 text, not UTF-8 (" + CSV_HINT + ")",
        "UTF-16",
    ),
    Case(
        "police-latin1",
        *BCSSP,
        _legacy(POLICE, 5, "section", "Enfants disparus é", "latin-1"),
        "{data}/bcssp/2023-24/police.csv:5: not UTF-8 text: byte 0xe9 cannot be read (saved as "
        "Latin-1 or Windows-1252?) (" + CSV_HINT + ")",
        "Latin-1",
    ),
    Case(
        "kpis-xlsx-empty",
        *BCSSP,
        _empty(KPIS),
        "{data}/bcssp/2023-24/training_kpis.xlsx: the file is empty (0 bytes) (" + RETURNS + ")",
        "0-byte .xlsx",
    ),
    Case(
        "kpis-xlsx-truncated",
        *BCSSP,
        _with(KPIS, edits.truncate),
        "{data}/bcssp/2023-24/training_kpis.xlsx: not a readable Excel workbook: File is not a "
        "zip file (" + XLSX_HINT + ")",
        "truncated .xlsx",
    ),
    Case(
        "adults-xlsx-is-a-renamed-csv",
        *BCSSP,
        _bytes(ADULTS, b"Measure,Unit,Value\nSafeguarding concerns received,count,1603\n"),
        "{data}/bcssp/2023-24/adult_safeguarding.xlsx: not an Excel workbook (.xlsx): the file "
        "is text (a CSV file renamed?) (" + XLSX_HINT + ")",
        "CSV renamed .xlsx",
    ),
    Case(
        "childrens-xlsx-is-another-zip",
        *BCSSP,
        _with(CHILDRENS, edits.zip_of_text),
        "{data}/bcssp/2023-24/childrens_social_care.xlsx: not a readable Excel workbook: There "
        "is no item named '[Content_Types].xml' in the archive (" + XLSX_HINT + ")",
        "a zip that is not a workbook",
    ),
    Case(
        "agencies-bom-is-read",
        *BCSSP,
        _with(AGENCIES, lambda p: p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())),
        None,
        "UTF-8 BOM in a reference list",
    ),
    Case(
        "kpi-list-bom-is-read",
        *BCSSP,
        _with(KPI_LIST, lambda p: p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())),
        None,
        "UTF-8 BOM in a reference list",
    ),
    # ---- rows of the wrong shape
    Case(
        "police-row-one-cell-short",
        *BCSSP,
        _with(POLICE, edits.drop_last_cell, 7),
        "{data}/bcssp/2023-24/police.csv:7:previous: row has 3 cells, the header has 4 ("
        + ROW_LENGTH
        + ")",
        "a row one cell short",
    ),
    Case(
        "903-episode-one-cell-short",
        *IRO,
        _with(EPISODES, edits.drop_last_cell, 9),
        "{data}/iro/ssda903/2024-25/episodes.csv:9:URN: row has 12 cells, the header has 13 ("
        + ROW_LENGTH
        + ")",
        "a row one cell short",
    ),
    Case(
        "903-header-one-cell-too-many",
        *IRO,
        lambda data: edits.write_rows(
            HEADER(data),
            [row + (["extra"] if i == 3 else []) for i, row in enumerate(edits.rows(HEADER(data)))],
        ),
        "{data}/iro/ssda903/2024-25/header.csv:4:H: a value beyond the table's last column ("
        + ROW_LENGTH
        + ")",
        "a row one cell too long",
    ),
    Case(
        "ees-row-one-cell-short",
        *ATTENDANCE,
        _with(EXCLUSIONS, edits.drop_last_cell, 3),
        "{data}/attendance/exclusions_by_geography.csv:3:one_plus_susp_rate: row has 15 cells, "
        "the header has 16 (" + ROW_LENGTH + ")",
        "a row one cell short",
    ),
    Case(
        "903-reviews-blank-row-inside",
        *IRO,
        _with(REVIEWS, edits.insert_blank_row, 5),
        "{data}/iro/ssda903/2024-25/reviews.csv:5: blank row inside the table (delete the blank "
        "row)",
        "a blank row inside a table",
    ),
    Case(
        "903-episodes-missing-column",
        *IRO,
        lambda data: edits.write_rows(
            EPISODES(data), [r[:7] + r[8:] for r in edits.rows(EPISODES(data))]
        ),
        "{data}/iro/ssda903/2024-25/episodes.csv:1:DEC: missing column 'DEC' (" + NINE03 + ")",
        "a missing column",
    ),
    Case(
        "service-disability-column-twice",
        *IRO,
        lambda data: edits.write_rows(
            SERVICE(data) / "disability.csv",
            [[*r, r[1]] for r in edits.rows(SERVICE(data) / "disability.csv")],
        ),
        "{data}/iro/service/disability.csv:1:C: column 'DISABLED' appears twice in the header "
        "row (see data/iro/README.md; columns: CHILD, DISABLED)",
        "a column named twice",
    ),
    Case(
        "childrens-merged-label-cells",
        *BCSSP,
        _with(CHILDRENS, edits.merge_cells, "Contacts", "A8:A9"),
        "{data}/bcssp/2023-24/childrens_social_care.xlsx:Contacts:A8: cells A8:A9 are merged "
        "(unmerge them and write the value in every cell)",
        "merged label cells (a row labelled 'None')",
    ),
    Case(
        "kpis-hidden-row",
        *BCSSP,
        _with(KPIS, edits.hide_row, "Training KPIs", 9),
        "{data}/bcssp/2023-24/training_kpis.xlsx:Training KPIs:A9: row 9 is hidden (unhide it, "
        "or delete it if it is not data)",
        "a hidden row",
    ),
    Case(
        "kpis-hidden-column",
        *BCSSP,
        _with(KPIS, edits.hide_column, "Training KPIs", "D"),
        "{data}/bcssp/2023-24/training_kpis.xlsx:Training KPIs:D6: column D is hidden (unhide "
        "it, or delete it if it is not data)",
        "a hidden column",
    ),
    # ---- impossible data
    Case(
        "ees-authorised-absence-150",
        *ATTENDANCE,
        _with(GEOGRAPHY, edits.set_cell, 7, "sess_authorised_percent", "150.0"),
        "{data}/attendance/absence_by_geography.csv:7:sess_authorised_percent: "
        "sess_authorised_percent '150.0' is outside 0-100 (Authorised absence rate: check the "
        "figure against the release)",
        "a percentage of 150",
    ),
    Case(
        "ees-negative-suspension-rate",
        *ATTENDANCE,
        _with(EXCLUSIONS, edits.set_cell, 12, "susp_rate", "-9.28"),
        "{data}/attendance/exclusions_by_geography.csv:12:susp_rate: susp_rate '-9.28' is "
        "negative (Suspension (rate): check the figure against the release)",
        "a negative rate",
    ),
    Case(
        "ees-negative-count",
        *ATTENDANCE,
        _with(EXCLUSIONS, edits.set_cell, 2, "perm_excl", "-1"),
        "{data}/attendance/exclusions_by_geography.csv:2:perm_excl: perm_excl '-1' is negative "
        "(Permanent exclusions: check the figure against the release)",
        "a negative count",
    ),
    Case(
        "903-child-twice-in-header",
        *IRO,
        _with(HEADER, edits.repeat_row, 2),
        "{data}/iro/ssda903/2024-25/header.csv:295:CHILD: child repeats row 2 (CHILD 'SYN00003') "
        "(one header row per child)",
        "a duplicated child (218 in care instead of 217)",
    ),
    Case(
        "903-blank-decom",
        *IRO,
        _with(EPISODES, edits.set_cell, 3, "DECOM", ""),
        "{data}/iro/ssda903/2024-25/episodes.csv:3:DECOM: DECOM is blank (this date is required)",
        "a blank DECOM (the episode silently dropped)",
    ),
    Case(
        "903-dec-before-decom",
        *IRO,
        _with(EPISODES, edits.set_cell, 3, "DEC", "01/12/2022"),
        "{data}/iro/ssda903/2024-25/episodes.csv:3:DEC: DEC '01/12/2022' is before DECOM",
        "DEC before DECOM (ceased 90 instead of 91)",
    ),
    Case(
        "903-dec-without-rec",
        *IRO,
        _with(EPISODES, edits.set_cell, 3, "REC", ""),
        "{data}/iro/ssda903/2024-25/episodes.csv:3:REC: REC is blank but DEC is set",
        "an episode ended without a reason",
    ),
    Case(
        "903-decom-after-the-year",
        *IRO,
        _with(EPISODES, edits.set_cell, 2, "DECOM", "01/04/2025"),
        "{data}/iro/ssda903/2024-25/episodes.csv:2:DECOM: DECOM '01/04/2025' is after the "
        "2024-25 year ends",
        "a date after the collection year",
    ),
    Case(
        "903-decom-before-birth",
        *IRO,
        _with(EPISODES, edits.set_cell, 2, "DECOM", "01/01/2009"),
        "{data}/iro/ssda903/2024-25/episodes.csv:2:DECOM: DECOM '01/01/2009' is before the "
        "child's DOB",
        "a date before birth",
    ),
    Case(
        "903-blank-dob",
        *IRO,
        _with(HEADER, edits.set_cell, 4, "DOB", ""),
        "{data}/iro/ssda903/2024-25/header.csv:4:DOB: DOB is blank (this date is required)",
        "a blank date of birth",
    ),
    Case(
        "903-episode-twice",
        *IRO,
        _with(EPISODES, edits.repeat_row, 3),
        "{data}/iro/ssda903/2024-25/episodes.csv:415:CHILD: episode repeats row 3 (CHILD "
        "'SYN00004', DECOM '09/12/2022') (one row per episode)",
        "a duplicated episode",
    ),
    Case(
        "903-review-twice",
        *IRO,
        _with(REVIEWS, edits.repeat_row, 2),
        "{data}/iro/ssda903/2024-25/reviews.csv:503:CHILD: review repeats row 2 (CHILD "
        "'SYN00003', REVIEW '01/04/2024') (keep one row for each)",
        "a duplicated review",
    ),
    Case(
        "903-uasc-child-twice",
        *IRO,
        _with(UASC, edits.repeat_row, 2),
        "{data}/iro/ssda903/2024-25/uasc.csv:20:CHILD: child repeats row 2 (CHILD 'SYN00016') "
        "(one UASC row per child)",
        "a duplicated UASC row",
    ),
    Case(
        "903-episodes-overlap",
        *IRO,
        lambda data: edits.write_rows(
            EPISODES(data),
            [
                *edits.rows(EPISODES(data)),
                [
                    *edits.rows(EPISODES(data))[2][:1],
                    "01/03/2025",
                    *edits.rows(EPISODES(data))[2][2:7],
                    "",
                    "",
                    *edits.rows(EPISODES(data))[2][9:],
                ],
            ],
        ),
        "{data}/iro/ssda903/2024-25/episodes.csv:415:DECOM: episode starts before the child's "
        "previous episode ends",
        "overlapping episodes",
    ),
    Case(
        "903-earlier-year-bad-code",
        "iro",
        "2024-25",
        _with(_file("iro", "ssda903", "2022-23", "episodes.csv"), edits.set_cell, 4, "LS", "C9"),
        "{data}/iro/ssda903/2022-23/episodes.csv:4:LS: LS 'C9' is not a DfE code (see the 903 "
        "guidance code list)",
        "a bad cell in an earlier year (named with its year folder)",
    ),
    Case(
        "service-drp-resolved-before-raised",
        *IRO,
        _with(lambda d: SERVICE(d) / "drp_log.csv", edits.set_cell, 3, "resolved", "01/10/2024"),
        "{data}/iro/service/drp_log.csv:3:resolved: resolved '01/10/2024' is before it was raised",
        "dates out of order",
    ),
    Case(
        "service-target-over-100",
        *IRO,
        _with(lambda d: SERVICE(d) / "targets.csv", edits.set_cell, 2, "target", "150"),
        "{data}/iro/service/targets.csv:2:target: target '150' is more than 100%",
        "a percentage of 150",
    ),
    Case(
        "service-population-negative",
        *IRO,
        _with(
            lambda d: SERVICE(d) / "population.csv", edits.set_cell, 2, "population_0_17", "-36700"
        ),
        "{data}/iro/service/population.csv:2:population_0_17: population_0_17 '-36700' is not a "
        "number (write a plain number, 0 or more)",
        "a negative count",
    ),
    Case(
        "service-drp-twice",
        *IRO,
        _with(lambda d: SERVICE(d) / "drp_log.csv", edits.repeat_row, 2),
        "{data}/iro/service/drp_log.csv:56:drp_id: DRP use repeats row 2 (drp_id 'DRP001') (one "
        "row per use of the DRP)",
        "a duplicated row",
    ),
    Case(
        "police-row-twice",
        *BCSSP,
        _with(POLICE, edits.repeat_row, 5),
        "{data}/bcssp/2023-24/police.csv:20:measure: measure 'Missing Children / Number of "
        "Missing Children Reports' repeats row 5 (keep one row for each)",
        "a duplicated police row (shown twice)",
    ),
    Case(
        "police-negative-count",
        *BCSSP,
        _with(POLICE, edits.set_cell, 5, "current", "-282", 3),
        "{data}/bcssp/2023-24/police.csv:5:current: Number of Missing Children Reports: current "
        "is '-282', not a count (counts are whole numbers, 0 or more)",
        "a negative count",
    ),
    Case(
        "police-measure-blank",
        *BCSSP,
        _with(POLICE, edits.set_cell, 6, "measure", "", 3),
        "{data}/bcssp/2023-24/police.csv:6:measure: the row has no measure (every row needs its "
        "label)",
        "a row with no label",
    ),
    Case(
        "kpis-row-twice",
        *BCSSP,
        lambda data: edits.append_sheet_row(KPIS(data), "Training KPIs", 7, ["1.1", 85, 90]),
        "{data}/bcssp/2023-24/training_kpis.xlsx:Training KPIs:A8: KPI '1.1' repeats row 7 "
        "(keep one row for each)",
        "a duplicated KPI row",
    ),
    Case(
        "kpis-value-120",
        *BCSSP,
        _with(KPIS, edits.edit_sheet, "Training KPIs", "F12", 120),
        "{data}/bcssp/2023-24/training_kpis.xlsx:Training KPIs:F12: Oxford Health, KPI 1.6 is "
        "120, outside 0-100 (percentages run from 0 to 100)",
        "a percentage of 120",
    ),
    Case(
        "adults-percent-over-100",
        *BCSSP,
        _with(ADULTS, edits.edit_sheet, "Safeguarding adults", "C13", 101),
        "{data}/bcssp/2023-24/adult_safeguarding.xlsx:Safeguarding adults:C13: Closed s42(2) "
        "enquiries: adult asked and outcome expressed (%) is 101, outside 0-100 (percentages run "
        "from 0 to 100)",
        "a percentage over 100",
    ),
    Case(
        "childrens-negative-count",
        *BCSSP,
        _with(CHILDRENS, edits.edit_sheet, "Contacts", "B7", -2150),
        "{data}/bcssp/2023-24/childrens_social_care.xlsx:Contacts:B7: Police: Contacts is -2150, "
        "not a count (counts are whole numbers, 0 or more)",
        "a negative count",
    ),
    Case(
        "childrens-label-blank",
        *BCSSP,
        _with(CHILDRENS, edits.edit_sheet, "Contacts", "A8", None),
        "{data}/bcssp/2023-24/childrens_social_care.xlsx:Contacts:A8: the row has no Source "
        "(every row needs its label)",
        "a row with no label",
    ),
    Case(
        "bcssp-previous-year-bad-cell",
        *BCSSP,
        _with(_file("bcssp", "2022-23", "police.csv"), edits.set_cell, 7, "current", "lots", 3),
        "{data}/bcssp/2022-23/police.csv:7:current: Number of Children Missing from Care: current "
        "is 'lots', not a count (counts are whole numbers, 0 or more)",
        "a bad cell in the year before, reported with its year folder",
    ),
    Case(
        "kpi-list-kpi-twice",
        *BCSSP,
        _with(KPI_LIST, edits.repeat_row, 3),
        "{data}/reference/bcssp_kpis.csv:18:kpi: KPI '1.2' repeats row 3 (keep one row for each)",
        "a duplicated reference row",
    ),
    Case(
        "agencies-listed-twice",
        *BCSSP,
        _with(AGENCIES, edits.repeat_row, 2),
        "{data}/reference/bcssp_agencies.csv:19:agency: agency 'RUH' repeats row 2 (keep one row "
        "for each)",
        "a duplicated reference row",
    ),
    # ---- spreadsheets read as values, within limits (the second campaign)
    Case(
        "childrens-formula-cell",
        *BCSSP,
        _with(CHILDRENS, edits.edit_sheet, "Contacts", "B7", "=2000+150"),
        "{data}/bcssp/2023-24/childrens_social_care.xlsx:Contacts:B7: the cell holds a formula "
        "(=2000+150), whose saved value may be out of date (" + VALUES + ")",
        "a formula (its saved value used)",
    ),
    Case(
        "adults-formula-with-a-stale-value",
        *BCSSP,
        _with(ADULTS, edits.formula_with_value, "Safeguarding adults", "C5", "C6*2", "999"),
        "{data}/bcssp/2023-24/adult_safeguarding.xlsx:Safeguarding adults:C5: the cell holds a "
        "formula (=C6*2), whose saved value may be out of date (" + VALUES + ")",
        "a stale saved value under a workbook that asks to recalculate",
    ),
    Case(
        "kpis-linked-to-another-workbook",
        *BCSSP,
        _with(KPIS, edits.link_to_another_workbook, "file:///C:/Returns/kpis-2023-24.xlsx"),
        "{data}/bcssp/2023-24/training_kpis.xlsx:Training KPIs: the workbook takes values from "
        "another workbook (file:///C:/Returns/kpis-2023-24.xlsx) (break the link with Data > "
        "Edit Links, or " + VALUES + ")",
        "a link to another workbook",
    ),
    Case(
        "childrens-cell-at-the-end-of-the-sheet",
        *BCSSP,
        _with(CHILDRENS, edits.edit_sheet, "Contacts", "XFD1048576", "x"),
        "{data}/bcssp/2023-24/childrens_social_care.xlsx:Contacts:XFD1048576: a value beyond the "
        "limits of a sheet we read (" + LIMITS + ")",
        "a recorded dimension of a million rows (3-4 GB, killed)",
    ),
    Case(
        "adults-dimension-understates-the-rows",
        *BCSSP,
        lambda data: (
            edits.add_rows(ADULTS(data), "Safeguarding adults", 10_000, ["Pasted", "count", 1]),
            edits.record_dimension(ADULTS(data), "A1:C16"),
        ),
        "{data}/bcssp/2023-24/adult_safeguarding.xlsx:Safeguarding adults:A10001: a value "
        "beyond the limits of a sheet we read (" + LIMITS + ")",
        "a recorded dimension that lies small",
    ),
    Case(
        "kpis-huge-cell",
        *BCSSP,
        _with(KPIS, edits.raw_cell, "Training KPIs", "A30", "x" * 40_000),
        "{data}/bcssp/2023-24/training_kpis.xlsx:Training KPIs:A30: the cell holds more than "
        "32,767 characters, Excel's limit for a cell (shorten it, or keep long text out of the "
        "return)",
        "a cell holding a huge string (3-4 GB, killed)",
    ),
    Case(
        "kpis-huge-shared-string",
        *BCSSP,
        lambda data: (
            edits.raw_cell(KPIS(data), "Training KPIs", "A30", "x" * 40_000),
            edits.as_excel_saves(KPIS(data)),
        ),
        "{data}/bcssp/2023-24/training_kpis.xlsx:Training KPIs:A30: the cell holds more than "
        "32,767 characters, Excel's limit for a cell (shorten it, or keep long text out of the "
        "return)",
        "a huge string in the shared strings, as Excel saves it",
    ),
    Case(
        "childrens-extra-sheet-is-never-read",
        *BCSSP,
        _with(CHILDRENS, edits.add_sheet, "Workings", 2_000),
        None,
        "an extra sheet no return reads (20 times as long)",
    ),
    Case(
        "returns-saved-by-excel-are-read",
        *BCSSP,
        lambda data: [edits.as_excel_saves(path(data)) for path in (KPIS, CHILDRENS, ADULTS)],
        None,
        "shared strings, as Excel saves a workbook",
    ),
    # ---- numbers in the digits 0-9; text without control characters or characters no font
    # of the report can draw
    Case(
        "kpis-arabic-indic-digits",
        *BCSSP,
        _with(KPIS, edits.edit_sheet, "Training KPIs", "F12", "\u0668\u0665"),
        "{data}/bcssp/2023-24/training_kpis.xlsx:Training KPIs:F12: '\u0668\u0665' is written "
        "with '\u0668' (U+0668 ARABIC-INDIC DIGIT EIGHT), not the digits 0-9 (" + DIGITS + ")",
        "Arabic-Indic digits (read as 85)",
    ),
    Case(
        "police-superscript-digit",
        *BCSSP,
        _with(POLICE, edits.set_cell, 5, "current", "28\u00b2", 3),
        "{data}/bcssp/2023-24/police.csv:5:current: '28\u00b2' is written with '\u00b2' (U+00B2 "
        "SUPERSCRIPT TWO), not the digits 0-9 (" + DIGITS + ")",
        "a superscript digit (a traceback)",
    ),
    Case(
        "ees-fullwidth-digits",
        *ATTENDANCE,
        _with(GEOGRAPHY, edits.set_cell, 7, "sess_authorised_percent", "\uff15.0"),
        "{data}/attendance/absence_by_geography.csv:7:sess_authorised_percent: '\uff15.0' is "
        "written with '\uff15' (U+FF15 FULLWIDTH DIGIT FIVE), not the digits 0-9 (" + DIGITS + ")",
        "fullwidth digits (read as 5.0)",
    ),
    Case(
        "service-target-arabic-indic-digits",
        *IRO,
        _with(lambda d: SERVICE(d) / "targets.csv", edits.set_cell, 2, "target", "\u0669\u0660"),
        "{data}/iro/service/targets.csv:2:target: '\u0669\u0660' is written with '\u0669' "
        "(U+0669 ARABIC-INDIC DIGIT NINE), not the digits 0-9 (" + DIGITS + ")",
        "Arabic-Indic digits (a traceback)",
    ),
    Case(
        "service-staffing-superscript-digit",
        *IRO,
        _with(lambda d: SERVICE(d) / "staffing.csv", edits.set_cell, 2, "fte", "4\u00b2"),
        "{data}/iro/service/staffing.csv:2:fte: '4\u00b2' is written with '\u00b2' (U+00B2 "
        "SUPERSCRIPT TWO), not the digits 0-9 (" + DIGITS + ")",
        "a superscript digit (caught only inside the notebook)",
    ),
    Case(
        "903-date-in-arabic-indic-digits",
        *IRO,
        _with(EPISODES, edits.set_cell, 3, "DECOM", "\u0660\u0669/12/2022"),
        "{data}/iro/ssda903/2024-25/episodes.csv:3:DECOM: '\u0660\u0669/12/2022' is written with "
        "'\u0660' (U+0660 ARABIC-INDIC DIGIT ZERO), not the digits 0-9 (" + DIGITS + ")",
        "a date in Arabic-Indic digits (read as 9 December 2022)",
    ),
    Case(
        "903-nul-byte-past-the-start",
        *IRO,
        _with(EPISODES, edits.set_cell, 300, "PLACE", "U1\x00"),
        "{data}/iro/ssda903/2024-25/episodes.csv:300:PLACE: 'U1\\x00' holds a control character "
        "(U+0000) (" + CONTROL + ")",
        "a NUL byte after the first 8 KB (copied into the outputs)",
    ),
    Case(
        "ees-escape-sequence-in-a-name",
        *ATTENDANCE,
        _with(GEOGRAPHY, edits.set_cell, 7, "la_name", "Bath and North East Somerset\x1b[2J"),
        "{data}/attendance/absence_by_geography.csv:7:la_name: 'Bath and North East "
        "Somerset\\x1b[2J' holds a control character (U+001B) (" + CONTROL + ")",
        "a terminal escape sequence",
    ),
    Case(
        "childrens-control-character-in-a-label",
        *BCSSP,
        _with(CHILDRENS, edits.raw_cell, "Contacts", "A8", "Schools_x0007_"),
        "{data}/bcssp/2023-24/childrens_social_care.xlsx:Contacts:A8: 'Schools\\x07' holds a "
        "control character (U+0007) (" + CONTROL + ")",
        "a control character as Excel escapes it",
    ),
    Case(
        "police-emoji-in-a-label",
        *BCSSP,
        _with(POLICE, edits.set_cell, 6, "measure", "Repeat missing children \U0001f693", 3),
        "{data}/bcssp/2023-24/police.csv:6:measure: 'Repeat missing children \U0001f693' holds "
        "'\U0001f693' (U+1F693 POLICE CAR), which the report's fonts cannot show (" + FONTS + ")",
        "an emoji (typst failed naming a staging file that no longer exists)",
    ),
    Case(
        "ees-emoji-in-a-group",
        *ATTENDANCE,
        _with(
            CHARACTERISTIC,
            edits.set_column,
            "breakdown",
            "FSM eligible \u2713",
            ("breakdown", "FSM eligible"),
        ),
        "{data}/attendance/absence_by_characteristic.csv:2:breakdown: 'FSM eligible \u2713' holds "
        "'\u2713' (U+2713 CHECK MARK), which the report's fonts cannot show (" + FONTS + ")",
        "a symbol no bundled font has",
    ),
]

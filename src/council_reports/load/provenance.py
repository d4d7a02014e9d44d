"""Where a data file's figures come from: its provenance record, ``<file>.provenance.yml`` beside
it (docs/design/publication-model.md, section 3).

    kind: synthetic               # published, council (the council's own records) or synthetic
    source: IRO service staffing records
    owner: Bath and North East Somerset Council
    licence: Open Government Licence v3.0          # for published figures
    detail: what the file is, or what in it is made up
    columns:                      # where a file mixes kinds: the columns that differ
      left: {kind: published, detail: as the council's IRO annual report 2024-25 printed them}

Every data file a report reads has one (a test checks); captions, "About these figures" and the
workbook's cover say where figures come from by reading them, never from typed text, and a
table or chart with any synthetic input says so. ``council-reports fetch`` writes the record of
each file it downloads (with its URL, release and sha256, kept as they are here). Read as data:
``load.yaml_data``, every field checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from ..errors import DataError
from ..keys import file_state
from .yaml_data import YamlData

PUBLISHED = "published"  # published statistics or a published report's figures
COUNCIL = "council"  # the council's (or a partner's) own records, not published as statistics
SYNTHETIC = "synthetic"  # made up, for the tool to be built and tested without real data
KINDS = (PUBLISHED, COUNCIL, SYNTHETIC)
SUFFIX = ".provenance.yml"
HINT = "see docs/design/publication-model.md, section 3, for the form of a provenance record"
# fields council-reports fetch records for a download, kept as they are
FETCHED = ("file", "url", "release", "sha256", "fetched", "inputs", "meta", "repository")
REQUIRED = {"source": "who published the figures, or whose records", "owner": "who owns them"}
WHERE = (*FETCHED, "commit", "path", "same_as")  # where exactly: kept as written
FIELDS = ("kind", "source", "owner", "licence", "detail", "columns", *WHERE)


@dataclass(frozen=True)
class Provenance:
    """Where a data file's figures (or some of its columns') come from."""

    kind: str
    source: str
    owner: str = ""
    licence: str = ""
    detail: str = ""
    columns: Mapping[str, Provenance] = field(default_factory=dict)
    where: Mapping[str, object] = field(default_factory=dict)  # repository, commit, url...

    @property
    def synthetic(self) -> bool:
        """Whether any figure of the file is made up."""
        return self.kind == SYNTHETIC or any(c.synthetic for c in self.columns.values())

    @property
    def parts(self) -> tuple[Provenance, ...]:
        """The file's record and its columns' own."""
        return (self, *self.columns.values())

    def of(self, columns: Iterable[str]) -> tuple[Provenance, ...]:
        """The provenance of the figures in ``columns``: the file's, and each column's own."""
        chosen = [self.columns[c] for c in columns if c in self.columns]
        rest = [c for c in columns if c not in self.columns]
        return (*([self] if rest or not chosen else []), *chosen)


def record_path(data_file: Path) -> Path:
    return data_file.with_name(data_file.name + SUFFIX)


@cache
def _read(path: Path, state: tuple[int, int] | None) -> Provenance:
    reader = YamlData(path, HINT)
    return _provenance(reader, reader.root, "", top=True)


def provenance_of(data_file: Path) -> Provenance:
    """The provenance record beside ``data_file``: a DataError naming the file when there is
    none or it is not a record."""
    path = record_path(data_file)
    if not path.is_file():
        raise DataError(
            "the data file has no provenance record", file=data_file, hint=f"write {path.name}"
        )
    return _read(path, file_state(path))


def _provenance(
    reader: YamlData, value: object, where: str, *, top: bool, kind: str | None = None
) -> Provenance:
    """A record (``top``) or a column's, whose kind is the file's (``kind``) unless it says."""
    if not isinstance(value, dict):
        raise reader.error("a provenance record is a mapping of fields", where=where)
    allowed = FIELDS if top else tuple(f for f in FIELDS if f != "columns")
    unknown = [key for key in value if key not in allowed]
    if unknown:
        raise reader.error(f"{unknown[0]!r} is not a field of a provenance record", where=where)
    kind = value.get("kind", kind)
    if kind not in KINDS:
        raise reader.error(f"kind is {kind!r}, not one of {', '.join(KINDS)}", where=where)
    text = {}
    for key in ("source", "owner", "licence", "detail"):
        item = value.get(key, "")
        if not isinstance(item, str) or not item.isprintable():
            raise reader.error(f"{key} is not one line of text", where=f"{where}{key}")
        text[key] = item.strip()
    for key, meaning in (
        ("source", "who published the figures, or whose records they are"),
        ("owner", "who owns them"),
    ):
        if top and not text[key]:
            raise reader.error(f"{key} is missing: {meaning}")
    if kind == SYNTHETIC and not text["detail"]:
        raise reader.error("detail is missing: say what is made up", where=f"{where}detail")
    columns = value.get("columns", {}) if top else {}
    if not isinstance(columns, dict):
        raise reader.error("columns is a mapping of column names to records", where="columns")
    where = {key: value[key] for key in WHERE if key in value}
    record = Provenance(
        kind, text["source"], text["owner"], text["licence"], text["detail"], where=where
    )
    return replace(
        record,
        columns={  # a column's record names the file's source, owner and licence unless it says
            name: replace(
                column,
                source=column.source or record.source,
                owner=column.owner or record.owner,
                licence=column.licence or record.licence,
            )
            for name, spec in columns.items()
            if (column := _provenance(reader, spec, f"columns.{name}.", top=False, kind=kind))
        },
    )


def described(provenances: Iterable[Provenance]) -> str:
    """A caption's source line from records: each source once, with what in it is made up."""
    made_up: dict[str, dict[str, None]] = {}
    for record in provenances:
        details = made_up.setdefault(record.source, {})
        if record.kind == SYNTHETIC:
            details[record.detail] = None
    return "; ".join(
        f"{source} (made up: {'; '.join(details)})" if details else source
        for source, details in made_up.items()
    )

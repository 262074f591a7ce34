"""Which columns of a workforce file hold what: the fields, their usual headers, the groups."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final

import attrs

from apsperf import _validators as v
from apsperf._redaction import quoted
from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity
from apsperf.segmentation.model._exports import named_in_package

__all__ = ["FIELD_OPTIONS", "OPTIONAL_FIELDS", "Columns", "normalise_header"]


_SCALE_SUFFIX: Final = re.compile(
    r"\s*[(\[]\s*[0-9]+\s*(?:-|–|—|to)\s*[0-9]+\s*[)\]]$", re.IGNORECASE
)
"""A scale named at the end of a header: ``(1-5)``, ``[1–3]``, ``(1 to 5)``."""


def normalise_header(name: str) -> str:
    """A header as compared: case-folded, with runs of spaces, ``_`` and ``-`` as one ``_``.

    A scale named at its end (``Performance Rating (1-5)``) is not part of the name, so the
    column is found as ``performance_rating``; the scale itself is read where ratings are.
    """
    name = _SCALE_SUFFIX.sub("", name.strip())
    return re.sub(r"[\s_\-]+", "_", name.casefold()).strip("_")


_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "employee_id": (
        "employee_id",
        "employeeid",
        "employee_number",
        "employee_no",
        "emp_id",
        "staff_id",
        "agsid",
    ),
    "performance": ("performance", "performance_rating", "performance_level", "perf"),
    "potential": ("potential", "potential_rating", "potential_level"),
    "assessed_on": ("assessed_on", "assessment_date", "date_assessed"),
    "assessed_by": ("assessed_by", "assessor", "assessor_id", "assessor_number"),
    "aspiration_conversation_on": (
        "aspiration_conversation_on",
        "aspiration_conversation_date",
        "conversation_date",
        "aspiration_conversation",
        "aspiration_date",
    ),
}
_BOX_ALIASES: Final = (
    "box",
    "nine_box",
    "9_box",
    "ninebox",
    "9box",
    "talent_box",
    "box_number",
    "box_position",
    "nine_box_position",
    "9_box_position",
)
"""The usual headers of a nine-box column (read only with a declared box numbering or names)."""


def _header_list(value: Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None or isinstance(value, str):
        return value  # type: ignore[return-value]  # the validator names a bare string
    return v.to_tuple(value)


def _optional_header_tuple(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        v.text_tuple(_inst, attribute, value)


FIELD_OPTIONS: Final = {
    "employee_id": "--employee-id-column",
    "performance": "--performance-column",
    "potential": "--potential-column",
    "assessed_by": "--assessor-column",
    "assessed_on": "--assessed-on-column",
    "aspiration_conversation_on": "--aspiration-column",
    "box": "--box-column",
}
"""Each field's command-line option (the ``Columns`` argument is the field's own name): the
one list the command line's options and every message naming them are made from."""

OPTIONAL_FIELDS: Final = ("assessed_on", "assessed_by", "aspiration_conversation_on")
"""The fields a workforce file may leave out: read when present (see ``Columns.optional``)."""


def _line_number(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_HEADER_ROW:
        raise ValidationError(
            f"must be a line number from 1 to {MAX_HEADER_ROW:,}, not {value!r:.40}",
            path=attribute.name,
        )


MAX_HEADER_ROW: Final = 1_000
"""The furthest line a header may be named on (``header_row``, ``--header-row``)."""
HEADER_SEARCH_ROWS: Final = 20
"""How many rows with text the reader looks through for the header."""


def _optional_fields(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    v.text_tuple(_inst, attribute, value)
    unknown = [name for name in value if name not in OPTIONAL_FIELDS]
    if unknown:
        raise ValidationError(
            f"not an optional field: {', '.join(map(repr, unknown))}; expected some of "
            f"{', '.join(OPTIONAL_FIELDS)}",
            path=attribute.name,
        )


_WORDS: Final = {
    "employee_id": ("employee", "staff", "person", "id", "number"),
    "performance": ("perf", "rating", "performance"),
    "potential": ("potential", "pot"),
    "box": ("box", "grid", "nine", "9"),
}
"""Words that suggest a header may hold a field, for the error that names no such column."""


def _missing(field: str, chosen: str | None, header: Sequence[str]) -> str:
    """The error for a required (or named) column that is not in ``header``: what to do.

    It names the headers looked for, the option and the ``Columns`` argument that pick
    another, and the file's headers that hold the field's word (``Aug 2025 Talent
    Assessment Performance``) or resemble the name given.
    """
    option = f"`{FIELD_OPTIONS[field]}` (`Columns({field}=...)`)"
    if chosen is not None:
        candidates = difflib.get_close_matches(chosen, [h.strip() for h in header], n=3)
        wanted = f"no column `{chosen}` (named with {option})"
    else:
        words = _WORDS[field]
        parts = [set(re.split(r"[^a-z0-9]+", h.casefold())) for h in header]
        candidates = [
            h.strip()
            for h, found in zip(header, parts, strict=True)
            if any(w in found or (len(w) > 3 and w in h.casefold()) for w in words)
        ][:3]
        looked = ", ".join((_BOX_ALIASES if field == "box" else _ALIASES[field])[:4])
        wanted = f"no column `{field}` (looked for {looked} …; name it with {option})"
    hint = ""
    if candidates:
        hint = f"; perhaps {' or '.join(quoted(c) for c in candidates)}"
    boxes = [h.strip() for h in header if normalise_header(h) in _BOX_ALIASES]
    if field in _AXES and chosen is None and boxes:
        hint += (
            f"; {quoted(boxes[0])} looks like a nine-box column: read it for both axes with a "
            "`[box]` table in a label file (`apsperf labels scaffold FILE --box-column NAME` "
            "writes one to fill in)"
        )
    return f"{wanted}; the header has: {shown_header(header)}{hint}"


_UNNAMED: Final = re.compile(r"\(unnamed column [0-9]+\)")


def unnamed_column(index: int) -> str:
    """The grouping column name of the column at ``index`` whose header is blank."""
    return f"(unnamed column {index + 1})"


def is_unnamed(name: str) -> bool:
    """Whether ``name`` is one :func:`unnamed_column` gives."""
    return _UNNAMED.fullmatch(name) is not None


SHOWN_HEADER_CELLS: Final = 20
"""The most header cells an error lists (the rest are counted)."""


def shown_header(header: Sequence[str]) -> str:
    """A header row as errors list it: each cell quoted and clipped, at most 20 of them.

    The cells are quoted as values are, since a file with no header row has a person's
    row here: redacting mode hides them.
    """
    cells = ", ".join(quoted(cell.strip()) for cell in header[:SHOWN_HEADER_CELLS])
    more = len(header) - SHOWN_HEADER_CELLS
    return cells + (f" … and {more:,} more" if more > 0 else "")


@attrs.frozen(kw_only=True)
class Columns:
    """Which columns of a workforce file hold what.

    Each name is matched against the file's headers ignoring case, spacing, ``_`` and ``-``.
    Left as ``None``, a field is found by its usual headers (``employee_id`` also matches
    "Employee ID", "EmployeeID", "Staff ID"; ``performance`` also "Performance rating"...).
    The three rating columns are required; the dates and assessor are optional. ``groups``
    names the grouping columns to keep (division, classification, location, manager...);
    a field's column named here is a grouping column too. ``None`` keeps every other column
    as a grouping column. ``optional`` names the optional fields to look for (``None``: all
    three); one left out is not read unless its column is named, so a command that needs
    no dates or assessors (a history) reads only what it uses.

    ``box`` names a nine-box column, read in place of the two rating columns for both axes
    through a declared box numbering or box names (``box=`` of :func:`read_workforce`, the
    ``[box]`` table of a label file); with such a declaration and no ``box`` named, the
    column is found by its usual headers ("Box", "Nine Box", "9-Box", "Talent Box"...).
    """

    employee_id: str | None = attrs.field(default=None, validator=v.optional(v.text))
    performance: str | None = attrs.field(default=None, validator=v.optional(v.text))
    potential: str | None = attrs.field(default=None, validator=v.optional(v.text))
    assessed_on: str | None = attrs.field(default=None, validator=v.optional(v.text))
    assessed_by: str | None = attrs.field(default=None, validator=v.optional(v.text))
    aspiration_conversation_on: str | None = attrs.field(default=None, validator=v.optional(v.text))
    groups: tuple[str, ...] | None = attrs.field(
        default=None, converter=_header_list, validator=_optional_header_tuple
    )
    optional: tuple[str, ...] | None = attrs.field(
        default=None, converter=_header_list, validator=_optional_fields
    )
    header_row: int | None = attrs.field(default=None, validator=v.optional(_line_number))
    """The line (a sheet's row) the header is on; ``None``: found (see :class:`HeaderSearch`)."""
    box: str | None = attrs.field(default=None, validator=v.optional(v.text))
    """The nine-box column, read for both axes (needs a declared box numbering or names)."""
    _box_read: bool = attrs.field(default=False, alias="_box_read", repr=False)
    # Set by the readers when a box numbering or names are declared: the box column is then
    # read for both axes, found by its usual headers unless ``box`` names it.

    def locate(self, header: Sequence[str]) -> dict[str, int]:
        """Column indexes for each field found in ``header`` (grouping columns by name)."""
        found: dict[str, int] = {}
        # A column with no header is a grouping column named for its place, which the
        # reader drops when it holds no value either (a spacer between tables).
        header = [h if h.strip() else unnamed_column(i) for i, h in enumerate(header)]
        normalised = [normalise_header(h) for h in header]
        seen: dict[str, int] = {}
        for index, name in enumerate(normalised):
            seen.setdefault(name, index)
        repeats = repeated_headers(header)

        def refuse_if_repeated(name: str, role: str) -> None:
            indexes = repeats.get(name)
            if indexes:
                raise ValidationError(
                    f"{_columns_named(indexes)} {header[indexes[0]]!r}, which is read as "
                    f"{role}: rename all but one",
                    path="header",
                )

        boxed = self.box is not None or self._box_read
        for field, aliases in _ALIASES.items():
            if boxed and field in _AXES:
                continue  # read from the box column
            chosen = getattr(self, field)
            skipped = self.optional is not None and field not in self.optional
            if chosen is None and field in OPTIONAL_FIELDS and skipped:
                continue
            candidates = (normalise_header(chosen),) if chosen is not None else aliases
            for candidate in candidates:
                refuse_if_repeated(candidate, f"the {field} column")
            hits = [seen[c] for c in candidates if c in seen]
            if len(hits) > 1:
                raise ValidationError(
                    f"columns {' and '.join(quoted(header[i]) for i in sorted(hits))} could both "
                    f"be the {field} column; name the one to use with {FIELD_OPTIONS[field]} "
                    f"(columns=Columns({field}=...))",
                    path="header",
                )
            if hits:
                found[field] = hits[0]
            elif chosen is not None or field in ("employee_id", "performance", "potential"):
                raise ValidationError(_missing(field, chosen, header), path="header")
        if boxed:
            found["performance"] = found["potential"] = self._box_column(
                header, seen, refuse_if_repeated
            )
        elif found["performance"] == found["potential"]:
            raise ValidationError(
                f"the column {quoted(header[found['performance']])} is named as both the "
                "performance and the potential column; a nine-box column is read with a box "
                "numbering or box names: a `[box]` table in the label file (`box=`), and "
                "`--box-column` (`Columns(box=...)`)",
                path="header",
            )
        used = set(found.values())
        if self.groups is None:
            computed = export_columns(header)
            used.update(computed)
            for index, name in enumerate(header):
                # A repeated header's first column is the one kept (see repeated_headers).
                if index not in used and seen[normalised[index]] == index:
                    found[f"group:{_group_name(name.strip(), bool(computed))}"] = index
        else:
            unknown = [name for name in self.groups if normalise_header(name) not in seen]
            if unknown:
                plural = "s" if len(unknown) > 1 else ""
                raise ValidationError(
                    f"no grouping column{plural} {', '.join(f'`{u}`' for u in unknown)} (keep=, "
                    f"Columns(groups=)); the header has: {shown_header(header)}",
                    path="header",
                )
            for name in self.groups:
                refuse_if_repeated(normalise_header(name), "a grouping column")
                index = seen[normalise_header(name)]
                found[f"group:{header[index].strip()}"] = index
        return found

    def _box_column(
        self, header: list[str], seen: dict[str, int], refuse: Callable[[str, str], None]
    ) -> int:
        """The index of the box column (see :attr:`box`), read for both axes."""
        if self.performance is not None or self.potential is not None:
            raise ValidationError(BOTH_NAMED, path="header")
        candidates = (normalise_header(self.box),) if self.box is not None else _BOX_ALIASES
        for candidate in candidates:
            refuse(candidate, "the box column")
        hits = [seen[c] for c in candidates if c in seen]
        if len(hits) > 1:
            raise ValidationError(
                f"columns {' and '.join(quoted(header[i]) for i in sorted(hits))} could both "
                "be the box column; name the one to use with `--box-column` (`Columns(box=...)`)",
                path="header",
            )
        if not hits:
            raise ValidationError(_missing("box", self.box, header), path="header")
        ratings = [seen[a] for field in _AXES for a in _ALIASES[field] if a in seen]
        if self.box is None and ratings:
            raise ValidationError(
                f"the file has a box column {quoted(header[hits[0]])} and rating columns "
                f"({', '.join(quoted(header[i]) for i in sorted(set(ratings)))}): name the box "
                "column to read it for both axes (`--box-column`, `column =` in the label "
                "file's `[box]` table, `Columns(box=...)`; the rating columns are then grouping "
                "columns), or leave out the box numbering (the `[box]` table, `box=`) to read "
                "the ratings",
                path="header",
            )
        return hits[0]


BOTH_NAMED: Final = (
    "a box column is read for both axes: name it (`--box-column`, `Columns(box=...)`) or the "
    "rating columns (`--performance-column`, `--potential-column`), not both"
)
"""The error for a box column named with a rating column."""
_AXES: Final = ("performance", "potential")


def repeated_headers(header: Sequence[str]) -> dict[str, list[int]]:
    """Each header that names two or more columns (as headers are matched), and their indexes.

    A repeated header that a field or a named grouping column is read from refuses the file
    (:meth:`Columns.locate`); any other is kept from its first column only, and the reader
    records a ``column-repeated`` finding.
    """
    indexes: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        indexes.setdefault(normalise_header(name), []).append(index)
    return {name: found for name, found in indexes.items() if len(found) > 1 and name}


EXPORT_HEADER: Final = (
    "employee_id",
    "segment",
    "segment_label",
    "performance",
    "potential",
    "line",
)
"""How every per-person export apsperf writes begins, exactly (its computed columns first).

A file whose header begins so is an apsperf export read back (``review --csv``, the people
sheet, ``to_pandas(workforce)``): its ``segment``, ``segment_label`` and ``line`` are not
grouping columns, since each person is placed again from the performance and potential
columns, and a grouping column written as ``NAME (from file)`` (see :data:`INPUT_SUFFIX`)
is read as ``NAME`` again. Any other header is read as it is, whatever its columns are
called.
"""
INPUT_SUFFIX: Final = " (from file)"
"""Added to a file's column whose name an export's computed column already has."""
_FROM_FILE: Final = re.compile(r"(.+) \(from file(?: [0-9]+)?\)")


def export_columns(header: Sequence[str]) -> list[int]:
    """The computed columns' indexes if ``header`` begins as :data:`EXPORT_HEADER`, else none."""
    if tuple(name.strip() for name in header[: len(EXPORT_HEADER)]) != EXPORT_HEADER:
        return []
    return [1, 2, 5]  # segment, segment_label, line


def suffixed(name: str) -> bool:
    """Whether ``name`` ends as an export's renamed column does (``NAME (from file)``).

    An export writes such a grouping column suffixed again, so that reading it back, which
    strips one suffix, gives the name as it was.
    """
    return _FROM_FILE.fullmatch(name) is not None


def _group_name(name: str, exported: bool) -> str:
    """A grouping column's name: an export's ``NAME (from file)`` is ``NAME`` again.

    The export suffixed exactly the names that collided or looked suffixed already, so
    stripping one suffix gives each name back, and distinct names stay distinct.
    """
    match = _FROM_FILE.fullmatch(name) if exported else None
    return name if match is None else match.group(1)


def header_findings(header: Sequence[str], rows_above: int = 0) -> list[Finding]:
    """What the reader says about a header: rows above it, repeated columns, an export."""
    findings = repeated_header_findings(header)
    if rows_above:
        findings.insert(
            0,
            Finding(
                code="rows-above-header",
                severity=Severity.INFO,
                message=f"{rows_above:,} row{'s' if rows_above > 1 else ''} with text above the "
                "header (a title or a note) were passed over, not read; name the header's line "
                "with `--header-row` (`header_row=`) if another row is the header",
                path="header",
            ),
        )
    if export_columns(header):
        findings.append(
            Finding(
                code="export-read-back",
                severity=Severity.INFO,
                message="the file is an apsperf per-person export: its segment, segment_label "
                "and line columns are not read (each person is placed again from the "
                "performance and potential columns), and 'NAME (from file)' columns are "
                "read as NAME",
                path="header",
            )
        )
    return findings


def repeated_header_findings(header: Sequence[str]) -> list[Finding]:
    """A ``column-repeated`` warning for each repeated header the reader kept one column of."""
    return [
        Finding(
            code="column-repeated",
            severity=Severity.WARNING,
            message=f"{_columns_named(indexes)} {quoted(header[indexes[0]])}: column "
            f"{indexes[0] + 1} is kept and the other{'s are' if len(indexes) > 2 else ' is'} "
            "not read",
            path="header",
        )
        for indexes in repeated_headers(header).values()
    ]


def _columns_named(indexes: Sequence[int]) -> str:
    numbers = " and ".join(str(i + 1) for i in indexes)
    return f"columns {numbers} are {'both' if len(indexes) == 2 else 'all'}"


class HeaderSearch:
    """Which row of a file is its header, decided row by row as the file is read.

    With ``Columns(header_row=N)`` it is line ``N``. Otherwise it is the first of the first
    :data:`HEADER_SEARCH_ROWS` rows with text in which :meth:`Columns.locate` finds the
    identifier and both ratings, so a title, a note or a merged group heading above the
    header is passed over (and counted in :attr:`rows_above`, which the reader reports).
    When no such row is found, the first row with text is taken, and its error (a missing
    column, say) is what the reader raises.
    """

    def __init__(self, columns: Columns) -> None:
        self.columns = columns
        self.rows_above = 0
        """Rows with text above the header: passed over, not read."""
        self._first: tuple[int, list[str]] | None = None
        self._error: ValidationError | None = None
        self._seen = 0

    def is_header(self, cells: list[str], line: int) -> bool:
        """Whether ``cells``, on line ``line``, are the header (raises when none can be)."""
        has_text = any(cell.strip() for cell in cells)
        wanted = self.columns.header_row
        if wanted is not None:
            if line == wanted and not has_text:
                raise ValidationError(
                    f"line {line} is blank (header_row=, --header-row)", path="header"
                )
            self.rows_above += has_text and line < wanted
            return line == wanted
        if not has_text:
            return False
        if self._first is None:
            self._first = (line, cells)
        try:
            self.columns.locate(header_cells(cells))
        except ValidationError as error:
            if not error.message.startswith("no column `") and self._error is None:
                self._error = error  # a header that is wrong, not missing: say so
            self._seen += 1
            if self._seen >= HEADER_SEARCH_ROWS:
                self.fail()
            self.rows_above += 1
            return False
        return True

    def fail(self) -> None:
        """Raise what is wrong: the file ended (or the search did) with no header found."""
        if self.columns.header_row is not None:
            raise ValidationError(
                f"the file has no line {self.columns.header_row} (header_row=, --header-row)",
                path="header",
            )
        if self._first is None:
            raise ValidationError("the file is empty: no header row", path="file")
        if self._error is not None:
            raise self._error
        line, cells = self._first
        try:
            self.columns.locate(header_cells(cells))
        except ValidationError as error:
            raise ValidationError(
                f"{error.message} (no row among the first {HEADER_SEARCH_ROWS} with text "
                f"holds the identifier and both ratings; line {line} was taken as the "
                "header: name it with `--header-row` (`header_row=`))",
                path=error.path,
            ) from None


def header_cells(cells: Sequence[str]) -> list[str]:
    """A header row as every reader takes it: cells trimmed (of a byte-order mark too).

    Trailing blank cells are dropped.
    """
    header = [cell.lstrip("\ufeff").strip() for cell in cells]
    while header and not header[-1]:
        header.pop()
    return header


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)

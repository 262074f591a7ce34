"""A workforce: one cycle's people placed on the Talent Segmentation Model.

Built for whole agencies (hundreds of thousands of people): each person is an identifier,
a profile number and a source line, where a profile (segment, grouping values, dates,
assessor) is stored once however many people share it. The reader
(``apsperf.segmentation.io._reader``) builds one from a file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from operator import itemgetter
from types import MappingProxyType
from typing import Any, Final, cast

import attrs

from apsperf._display import display_html, one_line, quoted
from apsperf._text import file_name
from apsperf.errors import ValidationError
from apsperf.findings import Finding
from apsperf.segmentation.model._columns import Columns, normalise_header
from apsperf.segmentation.model._levels import Segment
from apsperf.segmentation.model._placement import Placement
from apsperf.segmentation.model._storage import _Coded, _LineRuns, _Profiles

__all__ = ["SEGMENTS", "Columns", "RejectedRow", "Workforce"]

SEGMENTS: Final = tuple(Segment)
"""Segments in code order: a workforce stores each person's segment as an index into this."""
_CODE: Final = {segment: index for index, segment in enumerate(SEGMENTS)}
_DATE_FIELDS: Final = ("assessed_on", "aspiration_conversation_on")


@attrs.frozen(kw_only=True)
class RejectedRow:
    """A row that could not be placed, with where it is and why."""

    line: int
    """The line of the file the row starts on (the header is line 1)."""
    reason: str
    field: str = ""
    """The column at fault, where one is."""
    employee_id: str = ""

    def __str__(self) -> str:
        where = f" [{self.field}]" if self.field else ""
        return f"line {self.line}{where}: {self.reason}"


def _ungrouped(key: Any) -> bool:
    """Whether the answer a workforce keeps under ``key`` says nothing of its groups."""
    if isinstance(key, tuple):  # ("fields", names) of field_codes
        return bool(key[0] == "fields")
    return key in ("index", "segments", "digest")


def _unsegmented(key: Any) -> bool:
    """Whether the answer a workforce keeps under ``key`` says nothing of segments."""
    if isinstance(key, tuple):
        return key[0] == "fields" and "segment" not in key[1]
    return key == "index" or (isinstance(key, str) and key.startswith("group:"))


def _unread(value: Any) -> None:
    return None


def _unchanged(value: Any) -> Any:
    return value


class Workforce:
    """One cycle's workforce: every person placed on the Model, plus every row rejected.

    Stored compactly so that a whole agency fits comfortably in memory: each person is an
    identifier and a profile number, where a profile (segment, grouping values, dates,
    assessor) is stored once however many people share it; the source lines are kept as
    runs. :meth:`placements` yields :class:`~apsperf.segmentation.Placement` values on
    demand. Build one with :func:`read_workforce`, :func:`workforce_from_rows` or
    :meth:`from_placements`.
    """

    __slots__ = (
        "_assessors",
        "_cache",
        "_ids",
        "_lines",
        "_people",
        "_profiles",
        "blank_lines",
        "columns",
        "findings",
        "rejected",
        "rows_read",
        "sheet",
        "source",
    )

    def __init__(
        self,
        *,
        ids: list[str],
        people: list[int],
        profiles: _Profiles,
        lines: _LineRuns,
        assessors: _Coded | None = None,
        rejected: Sequence[RejectedRow] = (),
        rows_read: int | None = None,
        blank_lines: int = 0,
        source: str = "",
        sheet: str | None = None,
        columns: Mapping[str, str] | None = None,
        findings: Sequence[Finding] = (),
    ) -> None:
        size = len(ids)
        if (
            len(people) != size
            or len(lines) != size
            or (assessors is not None and len(assessors.codes) != size)
        ):
            raise ValidationError("workforce columns differ in length", path="workforce")
        rejected = tuple(rejected)
        rows_read = size + len(rejected) if rows_read is None else rows_read
        if rows_read != size + len(rejected):
            raise ValidationError(
                "rows read must equal rows placed plus rows rejected", path="rows_read"
            )
        given = {
            "_ids": ids,
            "_people": people,
            "_profiles": profiles,
            "_lines": lines,
            "_assessors": assessors,
            "_cache": {},
            "rejected": rejected,
            "rows_read": rows_read,
            "blank_lines": blank_lines,
            "source": source,
            "sheet": sheet,
            "columns": MappingProxyType(dict(columns or {})),
            "findings": tuple(findings),
        }
        for name, value in given.items():
            object.__setattr__(self, name, value)

    _ids: list[str]
    _people: list[int]
    _profiles: _Profiles
    _lines: _LineRuns
    _assessors: _Coded | None
    _cache: dict[Any, Any]
    rejected: tuple[RejectedRow, ...]
    """Every row that was read but not placed, in file order."""
    rows_read: int
    """Rows read from the source (blank lines are not rows): placed plus rejected."""
    blank_lines: int
    """Blank lines skipped in the source; they hold no data."""
    source: str
    """Where the workforce was read from (a file name), if anywhere."""
    sheet: str | None
    """The sheet read, for a workbook (``None`` for anything else)."""
    columns: Mapping[str, str]
    """The header of the column read for each field (``employee_id``, ``performance``,
    ``potential`` and, where the file has them, ``assessed_on``, ``assessed_by`` and
    ``aspiration_conversation_on``); empty when the workforce was not read from a table."""
    findings: tuple[Finding, ...]
    """What reading noticed but did not refuse: an assumed rating scale, the format a
    date column was read in, each row whose date is not a date (its person is placed)."""

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Workforce is immutable: {name!r} cannot be set")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Workforce is immutable: {name!r} cannot be deleted")

    def _evolve(self, **changes: Any) -> Workforce:
        """A copy with the public attributes in ``changes`` replaced (the columns shared)."""
        given: dict[str, Any] = {
            "ids": self._ids,
            "people": self._people,
            "profiles": self._profiles,
            "lines": self._lines,
            "assessors": self._assessors,
            "rejected": self.rejected,
            "rows_read": self.rows_read,
            "blank_lines": self.blank_lines,
            "source": self.source,
            "sheet": self.sheet,
            "columns": self.columns,
            "findings": self.findings,
        }
        given.update(changes)
        return Workforce(**given)

    def without_groups(self, names: Iterable[str]) -> Workforce:
        """A copy without the grouping columns ``names`` (matched as headers are).

        Everyone placed, every row not placed and every finding is kept; only the columns
        go (before sharing a workforce without its sensitive columns, say).
        """
        if isinstance(names, str):
            raise TypeError("names must be a sequence of column names, not one name")
        drop = {self.group_name(name) for name in names}
        old = self._profiles
        kept = [i for i, name in enumerate(old.group_names) if name not in drop]
        if len(kept) == len(old.group_names):
            return self
        profiles = _Profiles([old.group_names[i] for i in kept], old.date_fields)
        profiles.date_maps = old.date_maps
        width = 1 + len(old.group_names)
        positions = [0, *(1 + i for i in kept), *range(width, width + len(old.date_fields))]
        if len(positions) == 1:  # the segment alone
            projected = [(key[0],) for key in old.keys]
        else:  # in C: each profile's kept fields
            projected = list(map(itemgetter(*positions), old.keys))
        renumber = profiles.numbers(projected)
        fewer = self._evolve(
            people=list(map(renumber.__getitem__, self._people)), profiles=profiles
        )
        # The same people, with the same dates: what says nothing of groups is kept.
        fewer._cache.update((k, v) for k, v in self._cache.items() if _ungrouped(k))
        return fewer

    def recoded(self, segments: Mapping[int, Segment]) -> Workforce:
        """A new workforce: this one with the people at the given positions moved.

        ``segments`` maps a position (file order, as :meth:`placement` takes) to the
        person's new segment; everything else (identifiers, lines, groups, dates,
        assessors, rows not placed, findings) is kept. This workforce is unchanged.
        """
        if not segments:
            return self
        old = self._profiles
        profiles = _Profiles(old.group_names, old.date_fields)
        profiles.keys = list(old.keys)
        profiles.codes = bytearray(old.codes)
        profiles.index = dict(old.index)
        profiles.date_maps = old.date_maps
        people = list(self._people)
        size = len(people)
        for position, segment in segments.items():
            if isinstance(position, bool) or not isinstance(position, int):
                raise TypeError(f"positions must be int, not {type(position).__name__}")
            if not 0 <= position < size:
                raise ValidationError(f"no one at position {position}", path="segments")
            if not isinstance(segment, Segment):
                raise ValidationError(
                    f"expected Segment, got {type(segment).__name__}", path=f"segments[{position}]"
                )
            key = old.keys[people[position]]
            people[position] = profiles.number((_CODE[segment], *key[1:]))
        moved = self._evolve(people=people, profiles=profiles)
        # What does not depend on segments is the same people's: kept, not counted again.
        moved._cache.update((k, v) for k, v in self._cache.items() if _unsegmented(k))
        return moved

    def position_of(self, employee_id: str) -> int | None:
        """The position (file order) of ``employee_id``, or ``None`` if they are not placed."""
        return self._lookup().get(employee_id)

    # -- construction ------------------------------------------------------------------
    @classmethod
    def from_placements(cls, placements: Iterable[Placement], *, source: str = "") -> Workforce:
        """A workforce of the given placements (employee identifiers must be unique)."""
        chosen: list[Placement] = []
        group_names: dict[str, None] = {}
        seen: set[str] = set()
        for index, placement in enumerate(placements):
            if not isinstance(placement, Placement):
                raise ValidationError(
                    f"expected Placement, got {type(placement).__name__}", path=f"[{index}]"
                )
            if placement.employee_id in seen:
                raise ValidationError(
                    f"duplicate employee id {placement.employee_id!r}",
                    path=f"[{index}].employee_id",
                )
            seen.add(placement.employee_id)
            chosen.append(placement)
            group_names.update(dict.fromkeys(placement.groups))
        profiles = _Profiles(tuple(group_names), _DATE_FIELDS)
        people = [
            profiles.number(
                (
                    _CODE[p.segment],
                    *(p.groups.get(name, "") for name in group_names),
                    p.assessed_on,
                    p.aspiration_conversation_on,
                )
            )
            for p in chosen
        ]
        assessors = _Coded()
        codes: dict[str | None, int] = {}
        for p in chosen:
            code = codes.get(p.assessed_by)
            if code is None:
                code = codes[p.assessed_by] = assessors.add(p.assessed_by)
            assessors.codes.append(code)
        return cls(
            ids=[p.employee_id for p in chosen],
            people=people,
            profiles=profiles,
            lines=_LineRuns.of(range(2, len(chosen) + 2)),
            assessors=assessors,
            source=source,
        )

    # -- reading ----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._ids)

    def __repr__(self) -> str:
        source = f" from {quoted(file_name(self.source))}" if self.source else ""
        return one_line(
            f"<Workforce{source}: {len(self)} placed, {len(self.rejected)} rejected "
            f"of {self.rows_read} rows>"
        )

    def _repr_html_(self) -> str:
        return display_html(self)

    @property
    def rows_placed(self) -> int:
        """How many people were placed."""
        return len(self._ids)

    @property
    def employee_ids(self) -> Sequence[str]:
        """Employee identifiers in file order."""
        return tuple(self._ids)

    @property
    def group_names(self) -> tuple[str, ...]:
        """The grouping columns kept, in file order."""
        return self._profiles.group_names

    def segment_codes(self) -> bytes:
        """Each person's segment as an index into :data:`SEGMENTS`, in file order."""
        codes = self._cache.get("segments")
        if codes is None:
            codes = self._cache["segments"] = bytes(
                map(self._profiles.codes.__getitem__, self._people)
            )
        return codes

    def _profile_counts(self) -> Counter[int]:
        counts = self._cache.get("profiles")
        if counts is None:
            counts = self._cache["profiles"] = Counter(self._people)
        return counts

    def segment_counts(self) -> dict[Segment, int]:
        """How many people are placed in each segment, in :data:`SEGMENTS` order.

        Segments with nobody are left out.
        """
        per_code = self._value_counts(self._profiles.codes)
        return {segment: per_code[code] for code, segment in enumerate(SEGMENTS) if per_code[code]}

    def _value_counts(self, values: Sequence[Any]) -> Counter[Any]:
        """How many people have each value, where ``values`` holds each profile's value."""
        counts = self._profile_counts()
        if 4 * len(counts) > len(self._people):  # profiles hardly repeat: count people in C
            return Counter(map(values.__getitem__, self._people))
        per: Counter[Any] = Counter()
        for profile, count in counts.items():
            per[values[profile]] += count
        return per

    def segment_counts_by(self, name: str) -> dict[str, dict[Segment, int]]:
        """How many people in each segment, for each value of the grouping column ``name``.

        Values are in sorted order, segments in :data:`SEGMENTS` order; segments with
        nobody are left out.
        """
        return {key[0]: per for key, per in self.segment_counts_across([name]).items()}

    def segment_counts_across(
        self, names: Sequence[str]
    ) -> dict[tuple[str, ...], dict[Segment, int]]:
        """How many people in each segment, for each combination of values of ``names``.

        Combinations (one value per column, in the order of ``names``) are in sorted order
        and only those someone has appear; segments are in :data:`SEGMENTS` order, those
        with nobody left out.
        """
        counts: dict[tuple[str, ...], list[int]] = {}
        for (segment, *combination), count in self.counts(["segment"], groups=names).items():
            per = counts.setdefault(tuple(combination), [0] * len(SEGMENTS))
            per[SEGMENTS.index(segment)] = count
        return {
            combination: {s: n for s, n in zip(SEGMENTS, counts[combination], strict=True) if n}
            for combination in sorted(counts)
        }

    def assessment_dates(self) -> dict[dt.date, int]:
        """How many people were assessed on each date, dates in order (empty without dates)."""
        profiles = self._profiles
        if "assessed_on" not in profiles.date_fields:
            return {}
        field = profiles.date_fields.index("assessed_on")
        position = 1 + len(profiles.group_names) + field
        read = profiles.date_maps[field].__getitem__ if profiles.date_maps is not None else None
        per: Counter[dt.date] = Counter()
        for day, count in self._value_counts(profiles.field(position)).items():
            if read is not None:
                day = read(day)  # the text as written (see _Profiles.date_maps)
            if day is not None:
                per[day] += count
        return dict(sorted(per.items()))

    def counts(
        self, fields: Sequence[str] = (), *, groups: Sequence[str] = ()
    ) -> dict[tuple[Any, ...], int]:
        """How many people share each combination of values, counted on the columns.

        Each key holds one value per name in ``fields`` (``"segment"``: a :class:`Segment`;
        ``"assessed_on"`` or ``"aspiration_conversation_on"``: a date, ``None`` where the
        cell is blank or the column absent, or the text as written where it is not a date;
        ``"assessed_by"``: the assessor or ``None``), then one per grouping column in
        ``groups``. Only combinations someone has appear, in no particular order.
        """
        key = ("counts", tuple(fields), tuple(groups))
        cached: dict[tuple[Any, ...], int] | None = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._count(fields, groups)
        return dict(cached)

    def _count(self, fields: Sequence[str], groups: Sequence[str]) -> dict[tuple[Any, ...], int]:
        """:meth:`counts`, computed (the method keeps each answer)."""
        readers = [self._field_reader(field) for field in fields]
        positions = [p for p, _ in readers if p is not None]
        positions += [1 + self._group_position(name) for name in groups]
        project: Callable[[tuple[Any, ...]], Any] = (
            itemgetter(*positions) if positions else lambda key: ()
        )
        # Each profile's projection is numbered once; people are then counted on those
        # numbers in C (where profiles hardly repeat) or through the profiles' counts, and
        # each distinct combination is read once: dates from their text, segments from
        # their code.
        index: dict[Any, int] = {}
        numbered = [index.setdefault(project(key), len(index)) for key in self._profiles.keys]
        projections = list(index)
        people = self._people
        assessed = "assessed_by" in fields
        raw: Counter[Any]
        if assessed:
            values, codes = self._assessor_column()
            raw = Counter(zip(map(numbered.__getitem__, people), codes, strict=True))
        else:
            used = self._profile_counts()
            if 4 * len(used) > len(people):
                raw = Counter(map(numbered.__getitem__, people))
            else:
                raw = Counter()
                for profile, count in used.items():
                    raw[numbered[profile]] += count
        single = len(positions) == 1
        counted: dict[tuple[Any, ...], int] = {}
        for found, count in raw.items():
            assessor = None
            if assessed:
                found, code = found
                assessor = values[code]
            projected = projections[found]
            cells = iter((projected,) if single else projected)
            key = [
                assessor if field == "assessed_by" else None if p is None else read(next(cells))
                for field, (p, read) in zip(fields, readers, strict=True)
            ]
            key.extend(cells)
            combination = tuple(key)
            counted[combination] = counted.get(combination, 0) + count
        return counted

    def field_codes(self, fields: Sequence[str]) -> tuple[list[tuple[Any, ...]], list[int]]:
        """The distinct combinations of ``fields`` and each person's index into them.

        Fields are read as :meth:`counts` reads them (not ``"assessed_by"``, which is kept
        per person), once per profile: count on the indexes, never per person in Python.
        Computed once per workforce and fields: the lists returned are shared, not copies.
        """
        if "assessed_by" in fields:
            raise ValidationError("the assessor is kept per person, not per profile", path="fields")
        cached = self._cache.get(("fields", tuple(fields)))
        if cached is not None:
            return cast("tuple[list[tuple[Any, ...]], list[int]]", cached)
        # Each field's distinct text is read once, then the profiles are numbered by C maps.
        columns: list[Iterable[Any]] = []
        for position, read in map(self._field_reader, fields):
            if position is None:
                columns.append(repeat(None, len(self._profiles)))
            else:
                written = self._profiles.field(position)
                reading = {text: read(text) for text in set(written)}
                columns.append(map(reading.__getitem__, written))
        index: dict[tuple[Any, ...], int] = {}
        keys = zip(*columns, strict=True) if columns else repeat((), len(self._profiles))
        per_profile = [index.setdefault(key, len(index)) for key in keys]
        found = list(index), list(map(per_profile.__getitem__, self._people))
        self._cache[("fields", tuple(fields))] = found
        return found

    def _field_reader(self, field: str) -> tuple[int | None, Callable[[Any], Any]]:
        """Where a profile key holds ``field`` and how to read it (see :meth:`counts`).

        ``None`` as the position: the field is not kept in the profile (the assessor, kept
        per person, or a date column the file does not have).
        """
        profiles = self._profiles
        if field == "segment":
            return 0, SEGMENTS.__getitem__
        if field == "assessed_by":
            return None, _unread
        if field not in _DATE_FIELDS:
            raise ValidationError(
                f"not a field: {field!r}; expected 'segment', 'assessed_by' or "
                f"{' or '.join(map(repr, _DATE_FIELDS))}",
                path="fields",
            )
        if field not in profiles.date_fields:
            return None, _unread
        position = 1 + len(profiles.group_names) + profiles.date_fields.index(field)
        if profiles.date_maps is None:
            return position, _unchanged
        dates = profiles.date_maps[profiles.date_fields.index(field)]

        def read(written: Any) -> Any:
            day = dates.get(written)
            if day is None and isinstance(written, str) and written.strip():
                return written  # not a date: the text as written
            return day

        return position, read

    def _assessor_column(self) -> tuple[list[str | None], Sequence[int]]:
        """The distinct assessors and each person's code into them (all ``None`` without)."""
        if self._assessors is None:
            return [None], array("I", bytes(4 * len(self._ids)))
        return self._assessors.values, self._assessors.codes

    def assessors(self) -> Sequence[str | None]:
        """Each person's assessor (``None`` where not recorded), in file order."""
        values, codes = self._assessor_column()
        return tuple(map(values.__getitem__, codes))

    def dates(self, field: str) -> Sequence[dt.date | str | None]:
        """Each person's ``assessed_on`` or ``aspiration_conversation_on``, in file order.

        A date; the text as written where the cell is not a date; ``None`` where it is
        blank or the file has no such column.
        """
        if field not in _DATE_FIELDS:
            raise ValidationError(
                f"not a date field: {field!r}; expected {' or '.join(map(repr, _DATE_FIELDS))}",
                path="field",
            )
        position, read = self._field_reader(field)
        if position is None:
            return (None,) * len(self._ids)
        shown = [read(key[position]) for key in self._profiles.keys]
        return tuple(map(shown.__getitem__, self._people))

    def placements_digest(self) -> str:
        """The SHA-256 of who is placed where, as 64 lowercase hex digits (computed once).

        Over each placed person's identifier and segment, in file order, not the file's
        bytes: the same placements read from a .csv and from an .xlsx give the same digest;
        a person added, removed or placed elsewhere gives another.
        """
        digest = self._cache.get("digest")
        if digest is None:
            hashed = hashlib.sha256(b"apsperf-proposals/1\n")
            hashed.update("\n".join(self._ids).encode("utf-8", "surrogatepass"))
            hashed.update(b"\n")
            hashed.update(self.segment_codes())
            digest = self._cache["digest"] = hashed.hexdigest()
        return digest

    def assessor_codes(self) -> tuple[tuple[str | None, ...], Sequence[int]]:
        """``(assessors, codes)``: the distinct assessors and each person's index into them.

        In file order; ``None`` among the assessors stands for "not recorded". Counting by
        code is much faster than by name for large workforces (see :meth:`group_codes`).
        """
        values, codes = self._assessor_column()
        return tuple(values), codes

    def group_values(self, name: str) -> Sequence[str]:
        """Each person's value of the grouping column ``name``, in file order."""
        values = self._profiles.field(1 + self._group_position(name))
        return tuple(map(values.__getitem__, self._people))

    def group_codes(self, name: str) -> tuple[tuple[str, ...], bytes]:
        """``(categories, codes)`` of a grouping column: each person's value as an index.

        Categories are in order of first use. Codes are 4-byte unsigned integers in native
        byte order (``array('I')`` bytes); counting by code is much faster than by value
        for large workforces.
        """
        cached = self._cache.get(f"group:{name}")
        if cached is None:
            values = self._profiles.field(1 + self._group_position(name))
            numbering: dict[str, int] = {}
            profile_codes = [0] * len(values)
            for profile in dict.fromkeys(self._people):  # profiles in order of first use
                value = values[profile]
                profile_codes[profile] = numbering.setdefault(value, len(numbering))
            codes = array("I", map(profile_codes.__getitem__, self._people))
            cached = self._cache[f"group:{name}"] = (tuple(numbering), codes.tobytes())
        return cached

    def group_name(self, name: str) -> str:
        """The grouping column ``name`` names, as the file spells it (see :meth:`counts`).

        Its exact name, else the one column whose header matches as headers do (ignoring
        case, spacing, ``_`` and ``-``): ``"division"`` finds ``"Division"``.
        """
        return self._profiles.group_names[self._group_position(name)]

    def _group_position(self, name: str) -> int:
        """Where the grouping column ``name`` is (see :meth:`group_name`)."""
        names = self._profiles.group_names
        if name in names:
            return names.index(name)
        wanted = normalise_header(name) if isinstance(name, str) else None
        matches = [i for i, found in enumerate(names) if normalise_header(found) == wanted]
        if wanted and len(matches) == 1:
            return matches[0]
        raise ValidationError(
            f"no grouping column {name!r}; this workforce has: {', '.join(names) or 'none'}",
            path="by",
        )

    def _lookup(self) -> dict[str, int]:
        index: dict[str, int] | None = self._cache.get("index")
        if index is None:
            index = self._cache["index"] = dict(zip(self._ids, range(len(self._ids)), strict=True))
        return index

    def segment_of(self, employee_id: str) -> Segment | None:
        """The segment ``employee_id`` is placed in, or ``None`` if they are not placed."""
        index = self._lookup().get(employee_id)
        if index is None:
            return None
        return SEGMENTS[self._profiles.codes[self._people[index]]]

    def line_of(self, employee_id: str) -> int | None:
        """The source line of ``employee_id``'s row, or ``None`` if they are not placed."""
        index = self._lookup().get(employee_id)
        return None if index is None else self._lines.at(index)

    def placement(self, index: int) -> Placement:
        """The placement of the person at position ``index`` (file order)."""
        profiles = self._profiles
        key = profiles.keys[self._people[index]]
        segment = SEGMENTS[key[0]]
        groups = len(profiles.group_names)
        written = key[1 + groups : 1 + groups + len(profiles.date_fields)]
        if profiles.date_maps is not None:
            written = tuple(map(dict.__getitem__, profiles.date_maps, written))
        dates = dict(zip(profiles.date_fields, written, strict=True))
        assessors = self._assessors
        return Placement(
            employee_id=self._ids[index],
            performance=segment.performance,
            potential=segment.potential,
            assessed_on=dates.get("assessed_on"),
            assessed_by=None if assessors is None else assessors.values[assessors.codes[index]],
            groups=dict(zip(profiles.group_names, key[1 : 1 + groups], strict=True)),
            aspiration_conversation_on=dates.get("aspiration_conversation_on"),
        )

    def placements(self) -> Iterator[Placement]:
        """Every placement, in file order."""
        for index in range(len(self._ids)):
            yield self.placement(index)

    def lines(self) -> Sequence[int]:
        """The source line of each person's row, in file order."""
        return self._lines.all()

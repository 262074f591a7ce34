"""The nine boxes as the workspace shows them: counts, shares and pages of people's cards.

A :class:`Roster` holds, once, what a card shows of each person (identifier, the grouping
columns the page may show, assessor) and what a search looks through. The sensitive
(``--fairness``) columns are never in it: a card cannot show them and a filter cannot name
them.

A request never walks every person in Python. The roster keeps each box's people (file
order) and, built on first use, each shown column's and the assessor's people per value;
a search runs :meth:`str.find` over one text of everyone (identifier, shown columns and
assessor, case-folded). With no filter, a box's count comes from the counts and its page
from its people, less those the session moved out and plus those it moved in. With
filters, only the people they keep are sorted into boxes.

:class:`ViewQuery` reads a request's parameters: unknown, repeated or malformed ones are
refused naming the parameter.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import accumulate, islice
from typing import Any, Final

from apsperf.errors import ValidationError
from apsperf.segmentation.model._levels import Segment
from apsperf.segmentation.model._workforce import SEGMENTS, Workforce

__all__ = [
    "LARGEST_LIMIT",
    "LARGEST_PAGE",
    "PAGE_SIZE",
    "PEOPLE_LIMIT",
    "Roster",
    "ViewQuery",
]

PAGE_SIZE: Final = 24
"""Cards per box per page unless the request asks for another size."""
LARGEST_PAGE: Final = 200
"""The most cards one box's page holds."""
PEOPLE_LIMIT: Final = 50
"""People per page of ``GET /api/people`` unless the request asks for another limit."""
LARGEST_LIMIT: Final = 500
"""The most people one page of ``GET /api/people`` holds."""
LONGEST_SEARCH: Final = 200
"""Characters a search may hold."""
MOST_FILTER_VALUES: Final = 500
"""A column with more distinct values than this is searched, not offered as a filter."""
MOST_ASSESSORS: Final = 5000
"""Assessors the page's filter suggests (a larger council types the assessor)."""
_FIELD: Final = "\x1f"
"""Between one person's fields in the search text (no search can hold it)."""

_GRID_PARAMETERS: Final = ("view", "box", "page", "size", "search", "q", "group", "assessor")
_PEOPLE_PARAMETERS: Final = ("view", "segment", "q", "offset", "limit", "group", "assessor")


def _whole(text: str, field: str, *, lowest: int, highest: int) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise ValidationError("expected a whole number", path=field)
    value = int(text)
    if not lowest <= value <= highest:
        raise ValidationError(f"must be from {lowest:,} to {highest:,}", path=field)
    return value


def _search_text(text: str, field: str) -> str:
    text = text.strip()
    if len(text) > LONGEST_SEARCH:
        raise ValidationError(f"at most {LONGEST_SEARCH} characters are searched", path=field)
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise ValidationError("must not hold control characters", path=field)
    return text.casefold()


class ViewQuery:
    """One request's view of the people: which placements, the filters, and which page.

    ``view`` is ``"proposed"`` or ``"calibrated"``; ``segment`` narrows to one box (the
    grid: the box to page); ``search`` is case-folded text; ``groups`` are
    ``(column, value)`` pairs; ``assessor`` an assessor as written. ``start`` and
    ``size`` say which people of the box (or of everyone) are listed.
    """

    def __init__(
        self,
        *,
        view: str = "proposed",
        segment: Segment | None = None,
        search: str = "",
        groups: Sequence[tuple[str, str]] = (),
        assessor: str | None = None,
        start: int = 0,
        size: int = PAGE_SIZE,
    ) -> None:
        if view not in ("proposed", "calibrated"):
            raise ValidationError("expected proposed or calibrated", path="view")
        self.view = view
        self.segment = segment
        self.search = search
        self.groups = tuple(groups)
        self.assessor = assessor
        self.start = start
        self.size = size

    @property
    def page(self) -> int:
        """The page (from 1) that ``start`` begins."""
        return self.start // self.size + 1

    @staticmethod
    def _read(
        items: Iterable[tuple[str, str]], allowed: Sequence[str], *, repeated: str = "group"
    ) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for name, value in items:
            if name not in allowed:
                raise ValidationError(
                    f"not a parameter of this address; it takes {', '.join(allowed)}",
                    path=name[:40],
                )
            if name in found and name != repeated:
                raise ValidationError("given more than once", path=name)
            found.setdefault(name, []).append(value)
        return found

    @staticmethod
    def _filters(found: Mapping[str, list[str]]) -> dict[str, Any]:
        pairs = []
        for given in found.get("group", []):
            column, colon, value = given.partition(":")
            if not colon or not column:
                raise ValidationError("expected COLUMN:VALUE", path="group")
            pairs.append((column, value))
        if len(pairs) > 20:
            raise ValidationError("at most 20 group filters", path="group")
        view = found.get("view", ["proposed"])[0]
        assessor = found.get("assessor", [""])[0][: LONGEST_SEARCH * 2]
        return {"view": view, "groups": pairs, "assessor": assessor or None}

    @classmethod
    def grid(cls, items: Iterable[tuple[str, str]]) -> ViewQuery:
        """The query of ``GET /api/grid`` (``box``, ``page``, ``size``, ``search`` or ``q``)."""
        found = cls._read(items, _GRID_PARAMETERS)
        if "search" in found and "q" in found:
            raise ValidationError("give search or q, not both", path="q")
        box = found.get("box", [""])[0]
        size = found.get("size")
        page = found.get("page")
        chosen = _whole(size[0], "size", lowest=1, highest=LARGEST_PAGE) if size else PAGE_SIZE
        number = _whole(page[0], "page", lowest=1, highest=10**8) if page else 1
        return cls(
            **cls._filters(found),
            segment=Segment.parse(box[:80], field="box") if box else None,
            search=_search_text(found.get("search", found.get("q", [""]))[0], "q"),
            start=(number - 1) * chosen,
            size=chosen,
        )

    @classmethod
    def people(cls, items: Iterable[tuple[str, str]]) -> ViewQuery:
        """The query of ``GET /api/people`` (``segment``, ``q``, ``offset``, ``limit``)."""
        found = cls._read(items, _PEOPLE_PARAMETERS)
        segment = found.get("segment", [""])[0]
        offset = found.get("offset")
        limit = found.get("limit")
        query = cls(
            **{**cls._filters(found), "view": found.get("view", ["calibrated"])[0]},
            segment=Segment.parse(segment[:80], field="segment") if segment else None,
            search=_search_text(found.get("q", [""])[0], "q"),
            start=_whole(offset[0], "offset", lowest=0, highest=10**8) if offset else 0,
            size=_whole(limit[0], "limit", lowest=1, highest=LARGEST_LIMIT)
            if limit
            else PEOPLE_LIMIT,
        )
        return query


class _SearchText:
    """Everyone's searchable text, one line each: found with :meth:`str.find`, not a loop."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.text = "\n".join(lines) + "\n"
        starts = array("q", [0])
        starts.extend(accumulate(length + 1 for length in map(len, lines)))
        self.starts = starts

    def find(self, wanted: str) -> list[int]:
        """The positions of the people whose text holds ``wanted`` (case-folded), in order."""
        lines, text, starts = self.lines, self.text, self.starts
        found: list[int] = []
        most = len(lines) // 16 + 1
        at = text.find(wanted)
        while at != -1:
            line = bisect_right(starts, at) - 1
            found.append(line)
            if len(found) > most:  # a common text: test the rest line by line, in C's pace
                rest = line + 1
                found += [rest + i for i, t in enumerate(islice(lines, rest, None)) if wanted in t]
                return found
            at = text.find(wanted, starts[line + 1])
        return found


def _intersection(lists: list[Sequence[int]]) -> list[int]:
    """The positions in every one of ``lists`` (each sorted), sorted."""
    lists = sorted(lists, key=len)
    first, rest = lists[0], [set(found) for found in lists[1:]]
    if not rest:
        return list(first)
    return [p for p in first if all(p in others for others in rest)]


class Roster:
    """What the workspace may show of each person of ``proposed``, read once.

    ``shown`` are the grouping columns a card shows and a filter may name (never a
    sensitive column; the caller leaves those out).
    """

    def __init__(self, proposed: Workforce, shown: Sequence[str]) -> None:
        self.ids: Sequence[str] = proposed.employee_ids
        self.proposed: bytes = proposed.segment_codes()
        self.columns: tuple[str, ...] = tuple(shown)
        self._values: list[tuple[str, ...]] = []
        self._codes: list[Sequence[int]] = []
        for name in self.columns:
            categories, codes = proposed.group_codes(name)
            numbers = array("I")
            numbers.frombytes(codes)
            self._values.append(categories)
            self._codes.append(numbers)
        assessors, assessor_codes = proposed.assessor_codes()
        self._assessor_names: tuple[str | None, ...] = assessors
        self._assessor_codes: Sequence[int] = assessor_codes
        self.has_assessor = any(name is not None for name in assessors)
        members: list[array[int]] = [array("I") for _ in SEGMENTS]
        add = [found.append for found in members]
        for position, code in enumerate(self.proposed):
            add[code](position)
        self.members = members
        """Each box's people as proposed (positions, in file order)."""
        self.counts = [len(found) for found in members]
        """How many people are proposed in each box."""
        self._by_value: dict[int, list[array[int]]] = {}
        self._filters: dict[str, Any] | None = None
        self._search = self._search_text()

    def __len__(self) -> int:
        return len(self.ids)

    def assessor(self, position: int) -> str | None:
        """The assessor of the person at ``position`` (``None`` where not recorded)."""
        return self._assessor_names[self._assessor_codes[position]]

    def assessor_name(self, code: int) -> str | None:
        """The assessor of code ``code`` (``None``: not recorded)."""
        return self._assessor_names[code]

    def assessor_code(self, position: int) -> int:
        """The code of the assessor of the person at ``position``."""
        return self._assessor_codes[position]

    def filters(self) -> dict[str, Any]:
        """The values each shown column and the assessor may be filtered by (few enough)."""
        if self._filters is None:
            self._filters = self._filter_values()
        return self._filters

    def _filter_values(self) -> dict[str, Any]:
        columns = {
            name: sorted(values)
            for name, values in zip(self.columns, self._values, strict=True)
            if len(values) <= MOST_FILTER_VALUES
        }
        assessors = sorted({n for n in self._assessor_names if n is not None})
        return {
            "columns": columns,
            "assessors": assessors[:MOST_ASSESSORS],
            "assessors_total": len(assessors),
        }

    def _search_text(self) -> _SearchText:
        def clean(text: str) -> str:
            folded = text.casefold()
            if folded.isprintable():
                return folded
            return "".join(c if c.isprintable() else " " for c in folded)

        columns = [list(map(clean, values)) for values in self._values]
        assessors = [clean(n or "") for n in self._assessor_names]
        fields: list[Iterable[str]] = [map(clean, self.ids)]
        fields += [
            map(folded.__getitem__, codes)
            for folded, codes in zip(columns, self._codes, strict=True)
        ]
        fields.append(map(assessors.__getitem__, self._assessor_codes))
        return _SearchText(list(map(_FIELD.join, zip(*fields, strict=True))))

    def _people_by_value(self, index: int) -> list[array[int]]:
        """The people of each value of shown column ``index`` (-1: the assessor)."""
        found = self._by_value.get(index)
        if found is None:
            values = self._assessor_names if index < 0 else self._values[index]
            codes = self._assessor_codes if index < 0 else self._codes[index]
            found = [array("I") for _ in values]
            add = [people.append for people in found]
            for position, code in enumerate(codes):
                add[code](position)
            self._by_value[index] = found
        return found

    def _kept(self, query: ViewQuery) -> list[int] | None:
        """The people the query's filters and search keep (sorted), or ``None``: everyone."""
        lists: list[Sequence[int]] = []
        for column, value in query.groups:
            if column not in self.columns:
                raise ValidationError(
                    "not a column the workspace may filter by (sensitive columns never are); "
                    f"it may: {', '.join(self.columns) or 'none'}",
                    path="group",
                )
            index = self.columns.index(column)
            values = self._values[index]
            lists.append(
                self._people_by_value(index)[values.index(value)] if value in values else ()
            )
        if query.assessor is not None:
            per = self._people_by_value(-1)
            codes = [c for c, name in enumerate(self._assessor_names) if name == query.assessor]
            lists.append(list(heapq.merge(*(per[c] for c in codes))))
        if query.search:
            lists.append(self._search.find(query.search))
        return _intersection(lists) if lists else None

    def _box(
        self, code: int, moved: Mapping[int, int], excluded: Iterable[int] | set[int]
    ) -> Iterator[int]:
        """The people in box ``code`` after ``moved`` (position to box), ``excluded`` left out."""
        people: Iterator[int] = iter(self.members[code])
        if moved:
            arriving = sorted(p for p, box in moved.items() if box == code)
            people = heapq.merge((p for p in people if p not in moved), arriving)
        if excluded:
            left_out = excluded
            people = (p for p in people if p not in left_out)
        return people

    def _sorted(
        self,
        query: ViewQuery,
        calibrated: Mapping[int, int],
        excluded: set[int],
    ) -> tuple[list[int], Callable[[int], Iterator[int]]]:
        """Each box's count for the query, and a function giving a box's people in order."""
        moved = calibrated if query.view == "calibrated" else {}
        kept = self._kept(query)
        proposed = self.proposed
        if kept is None:
            counts = list(self.counts)
            for position, box in moved.items():
                counts[proposed[position]] -= 1
                counts[box] += 1
            for position in excluded:
                counts[moved.get(position, proposed[position])] -= 1
            return counts, lambda code: self._box(code, moved, excluded)
        boxes: list[list[int]] = [[] for _ in SEGMENTS]
        add = [box.append for box in boxes]
        for position in kept:
            if position not in excluded:
                add[moved.get(position, proposed[position])](position)
        return [len(box) for box in boxes], lambda code: iter(boxes[code])

    def grid(
        self,
        query: ViewQuery,
        calibrated: Mapping[int, int],
        *,
        excluded: set[int],
        notes: Mapping[str, int],
    ) -> dict[str, Any]:
        """Counts and shares per box, and a page of cards (one box's, or every box's first).

        ``calibrated`` maps the position of each person the session moved to their box's
        index; ``notes`` counts the notes on each person.
        """
        counts, people = self._sorted(query, calibrated, excluded)
        total = sum(counts)
        shown = []
        for code, segment in enumerate(SEGMENTS):
            count = counts[code]
            pages = max(1, -(-count // query.size))
            page = min(query.page if segment is query.segment else 1, pages)
            cards = []
            if query.segment is None or segment is query.segment:
                start = (page - 1) * query.size
                chosen = islice(people(code), start, start + query.size)
                cards = [self.card(p, calibrated, notes) for p in chosen]
            shown.append(
                {
                    "segment": segment.value,
                    "label": segment.label,
                    "performance": segment.performance.value,
                    "potential": segment.potential.value,
                    "count": count,
                    "share": count / total if total else 0.0,
                    "page": page,
                    "pages": pages,
                    "cards": cards,
                }
            )
        return {"view": query.view, "total": total, "excluded": len(excluded), "boxes": shown}

    def people(
        self, query: ViewQuery, calibrated: Mapping[int, int], *, notes: Mapping[str, int]
    ) -> dict[str, Any]:
        """One page of people (of one box, or of everyone, in file order) for ``query``."""
        if query.segment is not None:
            code = SEGMENTS.index(query.segment)
            counts, people = self._sorted(query, calibrated, set())
            total = counts[code]
            chosen: Iterable[int] = islice(people(code), query.start, query.start + query.size)
        else:
            kept = self._kept(query)
            total = len(self.ids) if kept is None else len(kept)
            end = min(total, query.start + query.size)
            chosen = (
                range(query.start, end)
                if kept is None
                else kept[query.start : query.start + query.size]
            )
        return {
            "view": query.view,
            "segment": None if query.segment is None else query.segment.value,
            "total": total,
            "offset": query.start,
            "limit": query.size,
            "people": [self.card(p, calibrated, notes) for p in chosen],
        }

    def card(
        self, position: int, calibrated: Mapping[int, int], notes: Mapping[str, int]
    ) -> dict[str, Any]:
        """What the page shows of the person at ``position``: never a sensitive column."""
        identifier = self.ids[position]
        proposed = SEGMENTS[self.proposed[position]]
        now = SEGMENTS[calibrated.get(position, self.proposed[position])]
        return {
            "employee_id": identifier,
            "fields": [
                [name, values[codes[position]]]
                for name, values, codes in zip(self.columns, self._values, self._codes, strict=True)
            ],
            "assessor": self.assessor(position),
            "proposed": proposed.value,
            "calibrated": now.value,
            "moved": now is not proposed,
            "notes": notes.get(identifier, 0),
        }

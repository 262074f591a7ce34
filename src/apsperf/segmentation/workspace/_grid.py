"""The nine boxes as the workspace shows them: counts, shares and pages of people's cards.

A :class:`Roster` holds, once, what a card shows of each person (identifier, the grouping
columns the page may show, assessor) and what a search looks through. The sensitive
(``--fairness``) columns are never in it: a card cannot show them and a filter cannot name
them. :meth:`Roster.grid` filters, counts and pages for one request.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence
from typing import Any, Final

from apsperf.errors import ValidationError
from apsperf.segmentation.model._levels import Segment
from apsperf.segmentation.model._workforce import SEGMENTS, Workforce

__all__ = ["PAGE_SIZE", "GridQuery", "Roster"]

PAGE_SIZE: Final = 24
"""Cards per box per page unless the request asks for another size (at most 200)."""
LARGEST_PAGE: Final = 200
MOST_FILTER_VALUES: Final = 500
"""A column with more distinct values than this is searched, not offered as a filter."""


class GridQuery:
    """One request's view: which placements, which box's page, and the filters."""

    def __init__(
        self,
        *,
        view: str = "proposed",
        box: Segment | None = None,
        page: int = 1,
        size: int = PAGE_SIZE,
        search: str = "",
        groups: Sequence[tuple[str, str]] = (),
        assessor: str | None = None,
    ) -> None:
        if view not in ("proposed", "calibrated"):
            raise ValidationError("expected proposed or calibrated", path="view")
        if page < 1:
            raise ValidationError("pages count from 1", path="page")
        if not 1 <= size <= LARGEST_PAGE:
            raise ValidationError(f"must be from 1 to {LARGEST_PAGE}", path="size")
        self.view = view
        self.box = box
        self.page = page
        self.size = size
        self.search = search.casefold()
        self.groups = tuple(groups)
        self.assessor = assessor

    @classmethod
    def parse(cls, params: Mapping[str, str], groups: Sequence[str]) -> GridQuery:
        """A query from a request's parameters (``groups``: each ``group=COLUMN:VALUE``)."""
        box = params.get("box") or None
        pairs = []
        for given in groups:
            column, colon, value = given.partition(":")
            if not colon:
                raise ValidationError("expected COLUMN:VALUE", path="group")
            pairs.append((column, value))
        return cls(
            view=params.get("view", "proposed"),
            box=None if box is None else Segment.parse(box, field="box"),
            page=_number(params.get("page"), 1, "page"),
            size=_number(params.get("size"), PAGE_SIZE, "size"),
            search=params.get("search", params.get("q", ""))[:200],
            groups=pairs,
            assessor=params.get("assessor") or None,
        )


def _number(text: str | None, default: int, field: str) -> int:
    if text is None or text == "":
        return default
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise ValidationError("expected a whole number", path=field)
    return int(text)


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
        self._assessor_names, self._assessor_codes = proposed.assessor_codes()
        self.has_assessor = any(name is not None for name in self._assessor_names)
        self._haystack: list[str] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def assessor(self, position: int) -> str | None:
        """The assessor of the person at ``position`` (``None`` where not recorded)."""
        return self._assessor_names[self._assessor_codes[position]]

    def filters(self) -> dict[str, Any]:
        """The values each shown column and the assessor may be filtered by (few enough)."""
        columns = {
            name: sorted(values)
            for name, values in zip(self.columns, self._values, strict=True)
            if len(values) <= MOST_FILTER_VALUES
        }
        assessors = sorted(n for n in self._assessor_names if n is not None)
        return {"columns": columns, "assessors": assessors[: MOST_FILTER_VALUES * 4]}

    def _search_text(self) -> list[str]:
        if self._haystack is None:
            parts = [
                [value.casefold() for value in values] for values in self._values
            ]  # each column's categories, folded once
            assessors = [(n or "").casefold() for n in self._assessor_names]
            self._haystack = [
                "\x1f".join(
                    (
                        identifier.casefold(),
                        *(part[codes[i]] for part, codes in zip(parts, self._codes, strict=True)),
                        assessors[self._assessor_codes[i]],
                    )
                )
                for i, identifier in enumerate(self.ids)
            ]
        return self._haystack

    def _matching(self, query: GridQuery, excluded: set[int]) -> list[int] | range:
        """The positions the query's filters and search keep, excluded people left out."""
        tests: list[tuple[Sequence[int], int]] = []
        for column, value in query.groups:
            if column not in self.columns:
                raise ValidationError(
                    "not a column the workspace may filter by (sensitive columns never are); "
                    f"it may: {', '.join(self.columns) or 'none'}",
                    path="group",
                )
            index = self.columns.index(column)
            values = self._values[index]
            wanted = values.index(value) if value in values else -1
            tests.append((self._codes[index], wanted))
        if query.assessor is not None:
            names = self._assessor_names
            wanted = names.index(query.assessor) if query.assessor in names else -1
            tests.append((self._assessor_codes, wanted))
        if not tests and not query.search and not excluded:
            return range(len(self.ids))
        haystack = self._search_text() if query.search else None
        kept = []
        for position in range(len(self.ids)):
            if position in excluded:
                continue
            if any(codes[position] != wanted for codes, wanted in tests):
                continue
            if haystack is not None and query.search not in haystack[position]:
                continue
            kept.append(position)
        return kept

    def grid(
        self,
        query: GridQuery,
        calibrated: Mapping[int, int],
        *,
        excluded: set[int],
        notes: Mapping[str, int],
    ) -> dict[str, Any]:
        """Counts and shares per box, and a page of cards (one box's, or every box's first).

        ``calibrated`` maps the position of each person the session moved to their
        segment's index; ``notes`` counts the notes on each person.
        """
        boxes: list[list[int]] = [[] for _ in SEGMENTS]
        proposed = self.proposed
        moved = calibrated if query.view == "calibrated" else {}
        for position in self._matching(query, excluded):
            boxes[moved.get(position, proposed[position])].append(position)
        total = sum(map(len, boxes))
        shown = []
        for code, members in enumerate(boxes):
            segment = SEGMENTS[code]
            page = query.page if segment is query.box else 1
            pages = max(1, -(-len(members) // query.size))
            cards = []
            if query.box is None or segment is query.box:
                start = (min(page, pages) - 1) * query.size
                cards = [
                    self._card(p, calibrated, notes) for p in members[start : start + query.size]
                ]
            shown.append(
                {
                    "segment": segment.value,
                    "label": segment.label,
                    "performance": segment.performance.value,
                    "potential": segment.potential.value,
                    "count": len(members),
                    "share": len(members) / total if total else 0.0,
                    "page": min(page, pages),
                    "pages": pages,
                    "cards": cards,
                }
            )
        return {"view": query.view, "total": total, "excluded": len(excluded), "boxes": shown}

    def _card(
        self, position: int, calibrated: Mapping[int, int], notes: Mapping[str, int]
    ) -> dict[str, Any]:
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

"""Totals and summary rows under a table: never a person.

An export often ends with a row such as ``Total | 6 | 2 | 2``. Its identifier cell names
what it is; such a row is rejected as "looks like a footer" (and its cells are not taken as
values of the rating columns), and reading goes on.
"""

from __future__ import annotations

from typing import Final

__all__ = ["FOOTER_WORDS", "footer_reason", "footer_rows", "is_footer"]

FOOTER_WORDS: Final = frozenset(
    {
        "total",
        "totals",
        "grand total",
        "subtotal",
        "sub-total",
        "sub total",
        "count",
        "average",
        "mean",
        "median",
        "sum",
        "overall",
        "all",
        "all staff",
    }
)
"""Identifiers a summary row under a table carries: such a row is never a person."""

_SIEVE: Final = ("total", "count", "average", "mean", "median", "sum", "overall", "all")
"""Words one of which every identifier :func:`is_footer` takes holds, casefolded."""


def is_footer(employee_id: str) -> bool:
    """Whether a (normalised) identifier names a totals or summary row, in any case."""
    return employee_id.casefold().rstrip(":").strip() in FOOTER_WORDS


def footer_reason(employee_id: str) -> str:
    """Why a footer row is not placed."""
    return f"looks like a footer ({employee_id!r}: a total or summary row), not a person"


def footer_rows(ids: list[str]) -> list[int]:
    """The positions of the (normalised) identifiers in ``ids`` that :func:`is_footer` takes.

    A search of all the identifiers at once usually shows there are none.
    """
    text = "\n".join(ids).casefold()
    if not any(word in text for word in _SIEVE):
        return []
    return [n for n, value in enumerate(ids) if is_footer(value)]

"""Totals and summary rows under a table: never a person.

An export often ends with a row such as ``Total | 6 | 2 | 2``. Its identifier cell names
what it is; such a row is rejected as "looks like a footer" (and its cells are not taken as
values of the rating columns), and reading goes on.
"""

from __future__ import annotations

from typing import Final

__all__ = ["FOOTER_FORMS", "FOOTER_WORDS", "footer_reason", "is_footer"]

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

FOOTER_FORMS: Final = frozenset(
    form
    for word in FOOTER_WORDS
    for shaped in (word, word.title(), word.upper(), word.capitalize())
    for form in (shaped, shaped + ":")
)
"""The usual spellings of :data:`FOOTER_WORDS`, to find them among a chunk's identifiers in C."""


def is_footer(employee_id: str) -> bool:
    """Whether a (normalised) identifier names a totals or summary row, in any case."""
    return employee_id.casefold().rstrip(":").strip() in FOOTER_WORDS


def footer_reason(employee_id: str) -> str:
    """Why a footer row is not placed."""
    return f"looks like a footer ({employee_id!r}: a total or summary row), not a person"

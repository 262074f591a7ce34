"""What became of every row a command read: one summary per input file.

Every command that reads a workforce (``review``, ``calibrate``, ``history``) puts one
:class:`InputSummary` per file in its report value, so that text, HTML and JSON can all say
"N rows read, M placed, K not placed" and list the rows not placed, grouped by reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from apsperf import _validators as v
from apsperf._arguments import items_of
from apsperf.errors import ValidationError
from apsperf.findings import Finding, Severity
from apsperf.segmentation.model._columns import _ALIASES, FIELD_OPTIONS
from apsperf.segmentation.model._exports import named_in_package
from apsperf.segmentation.model._workforce import RejectedRow, Workforce

__all__ = [
    "InputSummary",
    "RejectionGroup",
    "group_rejections",
    "input_summaries",
    "missing_column",
]


_WHAT: Final[Mapping[str, str]] = {
    "assessed_on": "assessment date",
    "assessed_by": "assessor",
    "aspiration_conversation_on": "aspiration conversation date",
}


def _rejected_rows(value: Iterable[RejectedRow]) -> tuple[RejectedRow, ...]:
    return v.to_tuple(value)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return v.to_tuple(value)


def _columns(value: Mapping[str, str]) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise ValidationError("must be an object of field to header", path="columns")
    return dict(value)


def _line_tuple(value: Iterable[int]) -> tuple[int, ...]:
    return v.to_tuple(value)


_non_negative = v.at_least(0, "must be a whole number, at least 0")


@attrs.frozen(kw_only=True)
class RejectionGroup:
    """Rows not placed for one reason in one column: how many, and the first lines."""

    field: str = attrs.field(validator=v.instance_of(str))
    """The column at fault (``""`` where no one column is)."""
    reason: str = attrs.field(validator=v.text)
    count: int = attrs.field(validator=_non_negative)
    lines: tuple[int, ...] = attrs.field(converter=_line_tuple)
    """The first lines with this reason (at most :data:`SHOWN_LINES`), in file order."""

    def __str__(self) -> str:
        where = f" [{self.field}]" if self.field else ""
        more = ", …" if self.count > len(self.lines) else ""
        lines = ", ".join(map(str, self.lines)) + more
        plural = "s" if self.count > 1 else ""
        return f"×{self.count:,}{where}: {self.reason} (line{plural} {lines})"


SHOWN_LINES: Final = 5
"""Lines listed per group of rows not placed."""


def group_rejections(rejected: Sequence[RejectedRow]) -> tuple[RejectionGroup, ...]:
    """Rows not placed grouped by column and reason (one group per distinct value), largest first.

    The reason names the value it refuses, so rows with the same value in the same column
    form one group; under redaction the reason quotes no value, so rows group by column and
    reason only.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    counts: dict[tuple[str, str], int] = {}
    for row in items_of(rejected, RejectedRow, "rejected"):
        key = (row.field, row.reason)
        counts[key] = counts.get(key, 0) + 1
        lines = groups.setdefault(key, [])
        if len(lines) < SHOWN_LINES:
            lines.append(row.line)
    order = sorted(counts, key=lambda key: (-counts[key], groups[key][0]))
    return tuple(
        RejectionGroup(
            field=field, reason=reason, count=counts[field, reason], lines=groups[field, reason]
        )
        for field, reason in order
    )


@attrs.frozen(kw_only=True)
class InputSummary:
    """One file a command read: where and how it was read, and every row's fate.

    ``role`` says what the file was to the command (``"workforce"``, ``"previous"``,
    ``"proposed"``, a cycle's name). ``columns`` maps each field to the header of the column
    read for it. ``rows_read`` is always ``rows_placed`` plus the rows in ``rejected``.
    ``findings`` are the reader's and the command's findings about this file (a missing
    optional column, no row placed).
    """

    role: str = attrs.field(validator=v.instance_of(str))
    source: str = attrs.field(default="", validator=v.instance_of(str))
    sheet: str | None = attrs.field(default=None, validator=v.optional(v.text))
    columns: dict[str, str] = attrs.field(factory=dict, converter=_columns)
    rows_read: int = attrs.field(validator=_non_negative)
    rows_placed: int = attrs.field(validator=_non_negative)
    rejected: tuple[RejectedRow, ...] = attrs.field(
        default=(), converter=_rejected_rows, validator=v.items_of(RejectedRow)
    )
    findings: tuple[Finding, ...] = attrs.field(
        default=(), converter=_findings, validator=v.items_of(Finding)
    )

    def __attrs_post_init__(self) -> None:
        if self.rows_read != self.rows_placed + len(self.rejected):
            raise ValidationError("must equal rows_placed plus the rows rejected", path="rows_read")

    @property
    def rows_not_placed(self) -> int:
        """How many rows were read but not placed."""
        return len(self.rejected)

    @property
    def failed(self) -> bool:
        """True when no row could be placed (an error finding says so)."""
        return any(f.code == "no-rows-placed" for f in self.findings)

    def sentence(self) -> str:
        """``"1,829 rows read, 1,826 placed, 3 not placed"``."""
        return (
            f"{self.rows_read:,} rows read, {self.rows_placed:,} placed, "
            f"{self.rows_not_placed:,} not placed"
        )

    @classmethod
    def of(
        cls,
        workforce: Workforce,
        role: str,
        *,
        uses: Sequence[str] = (),
        matched_with: Workforce | None = None,
        shared: int | None = None,
    ) -> InputSummary:
        """The summary of ``workforce`` as read for ``role``.

        ``uses`` names the optional fields the command uses (``"assessed_by"``,
        ``"assessed_on"``, ``"aspiration_conversation_on"``): each that the file has no
        column for is a ``column-missing`` finding saying which headers were looked for and
        how to name the column. A file with no row placed gets a ``no-rows-placed`` error.
        ``matched_with`` is the cycle its people are matched with (see
        :func:`identifier_mismatch`), and ``shared`` how many identifiers the two have in
        common, where the caller has counted them already.
        """
        if not isinstance(workforce, Workforce):
            raise ValidationError(
                f"expected Workforce, got {type(workforce).__name__}", path="workforce"
            )
        findings = list(workforce.findings)
        if matched_with is not None:
            findings += identifier_mismatch(matched_with, workforce, role, shared=shared)
        if workforce.columns:  # read from a table: its columns are known
            for field in uses:
                if field not in workforce.columns:
                    findings.append(missing_column(field, role))
        if not workforce.rows_placed:
            why = (
                "the file has no data rows"
                if not workforce.rows_read
                else "see the rows not placed for why"
            )
            findings.append(
                Finding(
                    code="no-rows-placed",
                    severity=Severity.ERROR,
                    message=f"no row of the {role} file could be placed: {why}",
                    path=role,
                )
            )
        return cls(
            role=role,
            source=workforce.source,
            sheet=workforce.sheet,
            columns=workforce.columns,
            rows_read=workforce.rows_read,
            rows_placed=workforce.rows_placed,
            rejected=workforce.rejected,
            findings=findings,
        )


def _loose(employee_id: str) -> str:
    """An identifier with case and leading zeros ignored: ``"E007"`` and ``"e7"`` alike."""
    folded = employee_id.casefold()
    head = folded.rstrip("0123456789")
    return head + (folded[len(head) :].lstrip("0") or "0")


def identifier_mismatch(
    previous: Workforce, current: Workforce, role: str, *, shared: int | None = None
) -> list[Finding]:
    """A warning when two cycles share few identifiers but would share many more loosely.

    The same people read from an ``.xlsx`` cycle (``1``) and a CSV cycle (``000001``), or
    exported by systems that differ in case, look like everyone joined and left. When fewer
    than half the smaller cycle's identifiers match exactly, and ignoring case and leading
    zeros would match at least twice as many (and a tenth of the smaller cycle more), the
    ``identifiers-differ`` warning gives both counts; nothing is matched loosely.
    ``shared``: the number of identifiers the two have in common, where the caller has
    counted them already (a history, from its layout); else they are counted here.
    """
    smaller = min(len(previous), len(current))
    exact = shared
    if exact is None:  # identifiers are unique: one set, the other's looked up in it
        exact = len(set(previous.employee_ids).intersection(current.employee_ids))
    if not smaller or 2 * exact >= smaller:
        return []
    before, now = previous.employee_ids, current.employee_ids
    loose = len({_loose(i) for i in before} & {_loose(i) for i in now})
    if loose < 2 * exact or loose - exact < smaller / 10:
        return []
    return [
        Finding(
            code="identifiers-differ",
            severity=Severity.WARNING,
            message=f"only {exact:,} of the {role} file's identifiers match the other cycle's "
            f"exactly, but {loose:,} would if case and leading zeros were ignored: the "
            "identifier column may be formatted differently (a number in a workbook, zeros "
            "dropped by a spreadsheet); people are matched exactly",
            path=role,
        )
    ]


def input_summaries(value: Iterable[InputSummary]) -> tuple[InputSummary, ...]:
    """The ``inputs`` of a report value as a tuple (its converter)."""
    return v.to_tuple(value)


def missing_column(field: str, role: str = "") -> Finding:
    """The ``column-missing`` finding for an optional ``field`` a file has no column for."""
    looked = ", ".join(repr(alias) for alias in _ALIASES[field][:4])
    return Finding(
        code="column-missing",
        severity=Severity.WARNING,
        message=f"no {_WHAT.get(field, field)} column; looked for {looked} and the like "
        f"(case, spaces, _ and - ignored); name it with {FIELD_OPTIONS[field]} "
        f"(Columns({field}=))",
        path=f"{role}.{field}" if role else field,
    )


named_in_package(globals())  # its classes are apsperf.segmentation's (see _exports)

"""APS-wide roll-up of many agencies' self-assessments, for oversight reporting."""

from __future__ import annotations

import datetime as dt
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Literal, get_args

import attrs

from apsperf._arguments import checked
from apsperf._display import display_html, one_line
from apsperf.errors import ValidationError, _shown
from apsperf.maturity.analysis._notices import report_notices
from apsperf.maturity.io._scale_files import default_scale
from apsperf.maturity.model._assessment import Aggregation, SelfAssessment, aggregate
from apsperf.maturity.model._elements import Element
from apsperf.maturity.model._scale import MaturityScale

__all__ = [
    "AgencyBelow",
    "AgencyMerge",
    "AgencySummary",
    "ElementDistribution",
    "ElementSummary",
    "Rollup",
    "agency_key",
    "rollup",
]

DEFAULT_THRESHOLD = 3
"""The roll-up's threshold level (3, Defined, on the default scale).

Agencies with any element below it are listed, and the APS-wide summary gives the share of
agencies at or above it on each element."""

Duplicates = Literal["latest", "refuse"]
"""What :func:`rollup` does with two self-assessments of one agency: keep the latest
(reported in :attr:`Rollup.merged` and the notices) or refuse them."""

SAME_AGENCY_RULE = "names are matched ignoring case, invisible characters and spacing"
"""How the roll-up decides two names are one agency (:func:`agency_key`), as reports say it."""


@checked
def agency_key(name: str) -> str:
    r"""The key two agency names are matched on: the same key means the same agency.

    The name is normalised as apsperf normalises every identifier (Unicode NFC, invisible
    format characters removed, surrounding white space trimmed; see
    :func:`apsperf.segmentation.normalise_employee_id`), case-folded, as the roll-up has
    always matched agency names without regard to case, and every run of white space inside
    it made one space: "Office of  Examples", "OFFICE OF EXAMPLES" and "Office of\u200b
    Examples" are one agency.
    """
    from apsperf._ids import normalise_employee_id

    folded = " ".join(normalise_employee_id(name).casefold().split())
    return unicodedata.normalize("NFC", folded)


@attrs.frozen(kw_only=True)
class ElementDistribution:
    """How many agencies place themselves at each level on one element.

    ``counts[0]`` is the number at level 1, ``counts[1]`` at level 2, and so on;
    ``not_rated`` counts agencies whose self-assessment leaves this element out. Together
    they add up to the number of agencies in the roll-up.
    """

    element: Element
    counts: tuple[int, ...]
    not_rated: int = 0

    @property
    def total(self) -> int:
        """The number of agencies counted for this element (rated or not)."""
        return sum(self.counts) + self.not_rated


@attrs.frozen(kw_only=True)
class ElementSummary:
    """The APS-wide picture of one element: how many agencies reach the threshold.

    ``rated`` agencies rated the element; ``at_or_above`` of them are at ``threshold`` or
    higher, ``share`` is that as a fraction of ``rated`` (agencies that did not rate the
    element are left out of it) and ``median`` is their median level (a half-level when
    the middle falls between two). Both are ``None`` when no agency rated the element.
    """

    element: Element
    threshold: int
    rated: int
    at_or_above: int
    share: float | None
    median: float | None


def _summarise(distribution: ElementDistribution, threshold: int) -> ElementSummary:
    """The :class:`ElementSummary` of one element's distribution at ``threshold``."""
    levels = [
        level for level, count in enumerate(distribution.counts, start=1) for _ in range(count)
    ]
    at_or_above = sum(1 for level in levels if level >= threshold)
    return ElementSummary(
        element=distribution.element,
        threshold=threshold,
        rated=len(levels),
        at_or_above=at_or_above,
        share=at_or_above / len(levels) if levels else None,
        median=float(statistics.median(levels)) if levels else None,
    )


@attrs.frozen(kw_only=True)
class AgencySummary:
    """One agency's line in the roll-up: its levels and aggregate ratings.

    ``levels`` follows the Framework's element order, ``None`` for an element not rated;
    ``overall`` (under the roll-up's rule), ``weakest_link`` and ``mean`` are ``None`` unless
    the self-assessment is complete; ``synthetic`` is true for an invented sample agency.
    """

    agency: str
    assessed_on: dt.date
    levels: tuple[int | None, ...]
    overall: float | None = None
    weakest_link: int | None = None
    mean: float | None = None
    synthetic: bool = False

    @property
    def complete(self) -> bool:
        """True when every element is rated."""
        return all(level is not None for level in self.levels)

    @property
    def missing_elements(self) -> tuple[Element, ...]:
        """The elements this agency has not rated."""
        return tuple(e for e, level in zip(Element, self.levels, strict=True) if level is None)


@attrs.frozen(kw_only=True)
class AgencyBelow:
    """An agency with one or more elements below the roll-up's threshold level."""

    agency: str
    elements: tuple[Element, ...]
    lowest: int


@attrs.frozen(kw_only=True)
class AgencyMerge:
    """Two self-assessments of one agency: the one the roll-up counts and one it left out.

    Names are the same agency when their :func:`agency_key` is equal (case, invisible
    characters and spacing ignored). With ``duplicates="latest"`` the latest counts:
    ``kept`` (the name as that self-assessment gives it), ``kept_on`` and ``kept_source``
    say which; ``dropped``, ``dropped_on`` and ``dropped_source`` the earlier one left out.
    A source is where the self-assessment came from: the file ``apsperf maturity report``
    read it from, or its place in the list given to :func:`rollup` (``assessments[3]``).
    """

    kept: str
    kept_on: dt.date
    kept_source: str
    dropped: str
    dropped_on: dt.date
    dropped_source: str

    @property
    def notice(self) -> str:
        r"""The note every report prints about this merge, naming both names and the kept one.

        Names are quoted as Python writes them, so an invisible character shows as its
        escape (``\u200b``); runs of white space are one space, as in every notice.
        """
        text = (
            f"Same agency twice ({SAME_AGENCY_RULE}): {_shown(self.kept, 80)} "
            f"({self.kept_source}, {self.kept_on.isoformat()}) is counted and "
            f"{_shown(self.dropped, 80)} ({self.dropped_source}, "
            f"{self.dropped_on.isoformat()}) is left out, as an agency's latest "
            "self-assessment counts."
        )
        return " ".join(text.split())


def _read_count(rollup: Rollup) -> int:
    return rollup.agency_count + len(rollup.merged)


@attrs.frozen(kw_only=True)
class Rollup:
    """Performance maturity across many agencies: the oversight view of the Framework.

    ``level_names`` are the scale's level names, lowest first; ``distributions`` gives one
    :class:`ElementDistribution` per element; ``agencies`` one :class:`AgencySummary` per
    agency (its latest self-assessment), sorted by name; ``below_threshold`` lists the
    agencies with any rated element below ``threshold``; ``summary`` is the APS-wide
    summary, one :class:`ElementSummary` per element. ``notices`` are the notes every
    report on it prints: that the data is the synthetic sample, when it is, each merge of
    two self-assessments of one agency, and whose wording the level descriptions are.

    Every self-assessment given is accounted for: ``assessments_read`` is ``agency_count``
    plus one for each :class:`AgencyMerge` in ``merged`` (an earlier self-assessment of an
    agency, left out), and a roll-up whose counts do not add up is refused.
    """

    scale_name: str
    level_names: tuple[str, ...]
    threshold: int
    rule: Aggregation
    agency_count: int
    distributions: tuple[ElementDistribution, ...]
    agencies: tuple[AgencySummary, ...]
    below_threshold: tuple[AgencyBelow, ...]
    summary: tuple[ElementSummary, ...]
    notices: tuple[str, ...] = ()
    merged: tuple[AgencyMerge, ...] = ()
    assessments_read: int = attrs.field(
        default=attrs.Factory(_read_count, takes_self=True), kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        if self.assessments_read != _read_count(self):
            raise ValidationError(
                f"must be agency_count plus the merged self-assessments ({_read_count(self)})",
                path="assessments_read",
            )

    @property
    def synthetic_count(self) -> int:
        """How many of the agencies are invented sample agencies."""
        return sum(1 for a in self.agencies if a.synthetic)

    def distribution(self, element: Element) -> ElementDistribution:
        """The distribution of levels for ``element``."""
        return next(d for d in self.distributions if d.element is Element.parse(element))

    def __repr__(self) -> str:
        return _rollup_repr(self)

    def _repr_html_(self) -> str:
        return display_html(self)


def _sources(sources: Sequence[str] | None, count: int) -> tuple[str, ...]:
    if sources is None:
        return tuple(f"assessments[{index}]" for index in range(count))
    if isinstance(sources, str) or not isinstance(sources, Sequence):
        raise ValidationError(
            f"expected one name per self-assessment, got {type(sources).__name__}",
            path="sources",
        )
    names = tuple(sources)
    if len(names) != count or not all(isinstance(name, str) and name for name in names):
        raise ValidationError(
            f"expected {count} names (one per self-assessment, as text)", path="sources"
        )
    return names


def _latest_per_agency(
    assessments: tuple[SelfAssessment, ...], sources: tuple[str, ...], duplicates: Duplicates
) -> tuple[list[SelfAssessment], list[AgencyMerge]]:
    """One self-assessment per agency, sorted by key, and the merges made to get there."""
    groups: dict[str, list[int]] = {}
    for index, assessment in enumerate(assessments):
        if not isinstance(assessment, SelfAssessment):
            raise ValidationError(
                f"expected SelfAssessment, got {type(assessment).__name__}",
                path=f"assessments[{index}]",
            )
        groups.setdefault(agency_key(assessment.agency), []).append(index)
    problems: list[tuple[str, str]] = []
    chosen: list[SelfAssessment] = []
    merges: list[AgencyMerge] = []
    for key in sorted(groups):
        indices = groups[key]
        if len(indices) > 1 and duplicates == "refuse":
            others = " and ".join(
                f"{_shown(assessments[i].agency, 80)} ({sources[i]})"
                for i in indices
                if i != indices[1]
            )
            problems.append(
                (
                    sources[indices[1]],
                    f"{_shown(assessments[indices[1]].agency, 80)} is the same agency as "
                    f"{others} ({SAME_AGENCY_RULE}); give one self-assessment per agency, or "
                    "keep the latest (--keep-latest, duplicates='latest')",
                )
            )
            continue
        latest = max(indices, key=lambda i: assessments[i].assessed_on)
        kept = assessments[latest]
        tied = [
            i for i in indices if i != latest and assessments[i].assessed_on == kept.assessed_on
        ]
        if tied:
            late, early = max(latest, tied[0]), min(latest, tied[0])
            problems.append(
                (
                    sources[late],
                    f"{_shown(assessments[late].agency, 80)} has two self-assessments dated "
                    f"{kept.assessed_on.isoformat()} (also {sources[early]}; "
                    f"{SAME_AGENCY_RULE})",
                )
            )
            continue
        chosen.append(kept)
        merges += [
            AgencyMerge(
                kept=kept.agency,
                kept_on=kept.assessed_on,
                kept_source=sources[latest],
                dropped=assessments[i].agency,
                dropped_on=assessments[i].assessed_on,
                dropped_source=sources[i],
            )
            for i in indices
            if i != latest
        ]
    if problems:
        raise ValidationError.from_errors(problems)
    return chosen, merges


def rollup(
    assessments: Iterable[SelfAssessment],
    *,
    scale: MaturityScale | None = None,
    below: int = DEFAULT_THRESHOLD,
    rule: Aggregation = Aggregation.WEAKEST_LINK,
    duplicates: Duplicates = "latest",
    sources: Sequence[str] | None = None,
) -> Rollup:
    """Roll many agencies' self-assessments up into one oversight view.

    Two self-assessments are of one agency when their names have the same
    :func:`agency_key` (case, invisible characters and spacing ignored). With
    ``duplicates="latest"`` (the default) the latest is used and every one left out is
    reported, never silently: an :class:`AgencyMerge` in :attr:`Rollup.merged` and a notice
    every report prints naming both names and which was kept, so ``assessments_read`` is
    ``agency_count`` plus the merges. Two on the latest date are an error. With
    ``duplicates="refuse"`` any two are a :class:`~apsperf.ValidationError` naming both.
    ``sources`` names each self-assessment in those messages (the files they were read
    from); by default ``assessments[N]``. Incomplete self-assessments are counted as *not
    rated* on the elements they leave out. Agencies with any rated element below level
    ``below`` are listed, and the summary gives each element's share of agencies at or above
    it and median level.
    Levels off ``scale`` (default :func:`default_scale`) raise ValidationError naming the
    agency and the rating.
    """
    if scale is None:
        scale = default_scale()
    elif not isinstance(scale, MaturityScale):
        raise ValidationError(f"expected MaturityScale, got {type(scale).__name__}", path="scale")
    if isinstance(assessments, (str, bytes)) or not isinstance(assessments, Iterable):
        raise ValidationError(
            f"expected self-assessments, got {type(assessments).__name__}", path="assessments"
        )
    scale.check_rank(below, field="below")
    if not isinstance(rule, Aggregation):
        raise ValidationError(f"expected Aggregation, got {type(rule).__name__}", path="rule")
    if duplicates not in get_args(Duplicates):
        raise ValidationError(
            f"expected 'latest' or 'refuse', got {_shown(duplicates)}", path="duplicates"
        )
    given = tuple(assessments)
    chosen, merges = _latest_per_agency(given, _sources(sources, len(given)), duplicates)
    problems: list[tuple[str, str]] = []
    for assessment in chosen:
        for index, rating in enumerate(assessment.ratings):
            if rating.level > scale.top:
                problems.append(
                    (
                        f"{assessment.agency}:ratings[{index}].level",
                        f"{rating.level} is not a level on {scale.name!r} (1 to {scale.top})",
                    )
                )
    if problems:
        raise ValidationError.from_errors(problems)
    counts = {e: [0] * scale.top for e in Element}
    not_rated = dict.fromkeys(Element, 0)
    summaries: list[AgencySummary] = []
    flagged: list[AgencyBelow] = []
    for assessment in chosen:
        levels: list[int | None] = []
        for element in Element:
            found = assessment.rating(element)
            if found is None:
                not_rated[element] += 1
                levels.append(None)
            else:
                counts[element][found.level - 1] += 1
                levels.append(found.level)
        rated = [level for level in levels if level is not None]
        ratings = aggregate(rated, rule) if assessment.is_complete else None
        summaries.append(
            AgencySummary(
                agency=assessment.agency,
                assessed_on=assessment.assessed_on,
                levels=tuple(levels),
                overall=ratings.overall if ratings else None,
                weakest_link=ratings.weakest_link if ratings else None,
                mean=ratings.mean if ratings else None,
                synthetic=assessment.synthetic,
            )
        )
        low = tuple(r.element for r in assessment.in_framework_order if r.level < below)
        if low:
            flagged.append(
                AgencyBelow(
                    agency=assessment.agency,
                    elements=low,
                    lowest=min(r.level for r in assessment.ratings),
                )
            )
    distributions = tuple(
        ElementDistribution(element=e, counts=tuple(counts[e]), not_rated=not_rated[e])
        for e in Element
    )
    return Rollup(
        scale_name=scale.name,
        level_names=tuple(level.name for level in scale.levels),
        threshold=below,
        rule=rule,
        agency_count=len(chosen),
        distributions=distributions,
        agencies=tuple(summaries),
        below_threshold=tuple(flagged),
        summary=tuple(_summarise(d, below) for d in distributions),
        notices=report_notices(
            synthetic=sum(1 for s in summaries if s.synthetic),
            total=len(summaries),
            scale=scale,
            merges=tuple(merge.notice for merge in merges),
        ),
        merged=tuple(merges),
    )


def _rollup_repr(rollup: Rollup) -> str:
    """A one-line ``repr()`` of a roll-up."""
    return one_line(
        f"<Rollup of {rollup.agency_count:,} agencies: "
        f"{len(rollup.below_threshold):,} below level {rollup.threshold} on an element>"
    )

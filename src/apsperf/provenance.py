"""Where packaged content comes from: one :class:`Edition` type for every content file.

The guides, the plan template, the SES rating scales and the maturity scale each record
their source the same way: the document's title, its publisher, the source document, the
licence it states, how to credit it, its version, every slip corrected on the way in
(:class:`TextFix`), every other departure from the source's layout (``normalisations``) and
the overlays that tailored it (``tailored_by``).

>>> from apsperf.provenance import Edition, TextFix
>>> edition = Edition(
...     title="Our guide",
...     publisher="Department of Examples",
...     source_document="our-guide.docx",
...     licence="All rights reserved",
...     fixes=(TextFix(original="teh", corrected="the", where="guide.title"),),
... )
>>> edition.fixes[0].corrected
'the'
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from apsperf import _validators as v
from apsperf._public import relabel

__all__ = ["Edition", "TextFix"]


@attrs.frozen(kw_only=True)
class TextFix:
    """One plain slip in the source (such as a misspelling) that the shipped content corrects.

    ``original`` is the text as the source prints it, ``corrected`` what the content says
    instead, and ``where`` the place in the content (a field path such as
    ``guides.top-talent.feedback[5]``).
    """

    original: str = attrs.field(validator=v.text)
    corrected: str = attrs.field(validator=v.text)
    where: str = attrs.field(validator=v.text)


def _fixes(value: Iterable[TextFix]) -> tuple[TextFix, ...]:
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class Edition:
    """Where a body of content comes from and what was changed on the way in.

    ``source_document`` names the document the content was transcribed from (or says that
    the content is apsperf's own); ``licence`` is what that document states about its
    licence; ``attribution`` is how to credit it, where it says; ``version`` identifies
    the edition. ``fixes`` lists every slip corrected; ``normalisations`` describes, in
    words, every other way the content departs from the layout of the source.
    ``tailored_by`` names the overlays applied, in order, when an agency tailors it.
    """

    title: str = attrs.field(validator=v.text)
    publisher: str = attrs.field(validator=v.text)
    source_document: str = attrs.field(validator=v.text)
    licence: str = attrs.field(validator=v.text)
    attribution: str | None = attrs.field(default=None, validator=v.optional(v.text))
    version: str | None = attrs.field(default=None, validator=v.optional(v.text))
    fixes: tuple[TextFix, ...] = attrs.field(
        default=(), converter=_fixes, validator=[v.items_of(TextFix), v.distinct]
    )
    normalisations: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=v.text_tuple
    )
    tailored_by: tuple[str, ...] = attrs.field(
        default=(), converter=v.texts, validator=v.text_tuple
    )

    @property
    def credits(self) -> tuple[str, ...]:
        """The lines that credit the source at the end of every render of its content.

        The attribution (where there is one), the licence unless the attribution already
        states it, and the overlays that tailored the content.
        """
        lines = [] if self.attribution is None else [self.attribution]
        if self.attribution is None or self.licence not in self.attribution:
            lines.append(f"Licence: {self.licence}")
        if self.tailored_by:
            lines.append("Tailored by: " + "; ".join(self.tailored_by))
        return tuple(lines)


relabel(globals(), __all__)

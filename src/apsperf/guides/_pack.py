"""A conversation pack: everything a manager needs for one person's career conversation."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterable
from os import PathLike
from pathlib import Path

import attrs

from apsperf import _validators as v
from apsperf.errors import ValidationError
from apsperf.guides._models import (
    CareerGuide,
    ConversationStarters,
    Guidebook,
    SelfReflectionTemplate,
)
from apsperf.guides._reflection import SelfReflection
from apsperf.segmentation import Placement

__all__ = ["ConversationPack", "conversation_pack", "write_conversation_packs"]


@attrs.frozen(kw_only=True)
class ConversationPack:
    """Everything a manager needs for one person's career conversation.

    That is the person's placement, the guide for their segment, the aspiration conversation
    starters and the self-reflection template (filled in, when ``reflection`` is given).
    The person's details appear only in what the pack renders to.
    """

    placement: Placement = attrs.field(validator=v.instance_of(Placement))
    guide: CareerGuide = attrs.field(validator=v.instance_of(CareerGuide))
    starters: ConversationStarters = attrs.field(validator=v.instance_of(ConversationStarters))
    template: SelfReflectionTemplate = attrs.field(validator=v.instance_of(SelfReflectionTemplate))
    reflection: SelfReflection | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(SelfReflection))
    )
    credits: tuple[str, ...] = attrs.field(
        factory=tuple, converter=v.to_tuple, validator=v.text_tuple
    )

    def __attrs_post_init__(self) -> None:
        if self.guide.segment is not self.placement.segment:
            raise ValidationError(
                f"the guide is for {self.guide.segment.label} but the placement is in "
                f"{self.placement.segment.label}",
                path="guide.segment",
            )


def conversation_pack(
    placement: Placement,
    *,
    reflection: SelfReflection | None = None,
    guidebook: Guidebook | None = None,
) -> ConversationPack:
    """The conversation pack for one person's placement, ready to render for their manager.

    Uses the packaged guides unless ``guidebook`` (for example a tailored one) is given.
    """
    if not isinstance(placement, Placement):
        raise ValidationError(
            f"expected Placement, got {type(placement).__name__}", path="placement"
        )
    if guidebook is None:
        from apsperf.guides._content import default_guidebook

        guidebook = default_guidebook()
    editions = (guidebook.career_conversations.metadata, guidebook.aspiration.metadata)
    return ConversationPack(
        placement=placement,
        guide=guidebook.career_guide(placement.segment),
        starters=guidebook.aspiration.starters,
        template=guidebook.self_reflection,
        reflection=reflection,
        credits=tuple(dict.fromkeys(e.attribution for e in editions)),
    )


_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9_-]+")
_EXTENSIONS = {"md": ".md", "html": ".html", "text": ".txt"}
INDEX_FILE = "index.csv"
"""The file in a pack folder that maps each employee identifier to its pack's file name."""


def pack_file_stems(employee_ids: Iterable[str]) -> dict[str, str]:
    """Each identifier's file name stem: one person, one name, whatever the file system.

    An identifier of letters, digits, ``_`` and ``-`` (at most 100) that no other identifier
    matches when case is ignored is its own stem. Any other gets a readable part (unsafe
    characters as ``_``, at most 60 of them) and 16 hex digits of the identifier's SHA-256,
    so ``a/b`` and ``a_b``, or ``E1`` and ``e1``, never share a file, and no name is too
    long. :data:`INDEX_FILE` records the mapping.
    """
    ids = list(dict.fromkeys(employee_ids))
    folded: dict[str, int] = {}
    for employee_id in ids:
        folded[employee_id.casefold()] = folded.get(employee_id.casefold(), 0) + 1
    stems: dict[str, str] = {}
    for employee_id in ids:
        if _SAFE_ID.fullmatch(employee_id) and folded[employee_id.casefold()] == 1:
            stems[employee_id] = employee_id
        else:
            readable = _UNSAFE_RUN.sub("_", employee_id).strip("_")[:60] or "person"
            digest = hashlib.sha256(employee_id.encode("utf-8", "surrogatepass")).hexdigest()
            stems[employee_id] = f"{readable}-{digest[:16]}"
    taken: dict[str, str] = {}
    for employee_id, stem in stems.items():
        other = taken.setdefault(stem.casefold(), employee_id)
        if other != employee_id:  # pragma: no cover - a 64-bit hash collision
            raise ValidationError(
                f"identifiers {other!r} and {employee_id!r} would share a pack file",
                path="employee_id",
            )
    return stems


def write_conversation_packs(
    placements: Iterable[Placement],
    directory: str | PathLike[str],
    *,
    output: str = "md",
    guidebook: Guidebook | None = None,
    force: bool = False,
) -> tuple[Path, ...]:
    """Write one rendered conversation pack per person into ``directory``; return the paths.

    ``placements`` is any iterable of placements, for example ``workforce.placements()``
    from a talent review. File names map to people unambiguously (see
    :func:`pack_file_stems`), and :data:`INDEX_FILE` lists each identifier with its file.
    Files already in the folder are never replaced unless ``force``; nothing is written
    through a link; if writing fails part way, the packs written are removed again and the
    error says so. ``output`` is ``"md"``, ``"html"`` or ``"text"``.
    """
    from apsperf._csvsafe import write_rows
    from apsperf._files import write_files
    from apsperf.guides._content import default_guidebook
    from apsperf.guides._render import render

    if output not in _EXTENSIONS:
        raise ValidationError(
            f"{output!r} is not a pack format; expected one of {', '.join(_EXTENSIONS)}",
            path="output",
        )
    people: list[Placement] = []
    for index, placement in enumerate(placements):
        if not isinstance(placement, Placement):
            raise ValidationError(
                f"expected Placement, got {type(placement).__name__}", path=f"[{index}]"
            )
        people.append(placement)
    stems = pack_file_stems(p.employee_id for p in people)
    if len(stems) != len(people):
        raise ValidationError("an employee identifier appears twice", path="placements")
    book = guidebook if guidebook is not None else default_guidebook()
    extension = _EXTENSIONS[output]

    def rendered(placement: Placement) -> Callable[[], str]:
        return lambda: render(conversation_pack(placement, guidebook=book), output)

    index_text = io.StringIO(newline="")
    write_rows(
        index_text,
        ("employee_id", "file"),
        ((p.employee_id, stems[p.employee_id] + extension) for p in people),
    )
    files: dict[str, str | Callable[[], str]] = {
        stems[p.employee_id] + extension: rendered(p) for p in people
    }
    files[INDEX_FILE] = index_text.getvalue()
    written = write_files(directory, files, force=force, field="directory")
    return written[:-1]

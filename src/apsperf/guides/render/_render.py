"""Lay out every guide, template and pack as a document, and render it as Markdown, HTML or text."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterable
from os import PathLike
from pathlib import Path

from apsperf.errors import ValidationError
from apsperf.guides.analysis._pack import (
    AspirationPreRead,
    EmployeeCopy,
    ManagerBrief,
    employee_copy,
    manager_brief,
)
from apsperf.guides.analysis._reflection import SelfReflection, check_self_reflection
from apsperf.guides.model._models import (
    AspirationGuide,
    CareerConversations,
    CareerGuide,
    CoachingMindset,
    ConversationStarters,
    DevelopmentFocus,
    DevelopmentOption,
    Edition,
    Guidebook,
    LeadershipGuide,
    SelfReflectionTemplate,
)
from apsperf.guides.render._document import (
    AnswerBox,
    Block,
    Bullets,
    Detail,
    Document,
    Entry,
    Heading,
    OutputFormat,
    Paragraph,
    Quote,
    Table,
    TableRow,
    render_document,
)
from apsperf.segmentation import Placement, check_placement

__all__ = [
    "EMPLOYEE_SUFFIX",
    "INDEX_FILE",
    "MANAGER_SUFFIX",
    "Renderable",
    "document_of",
    "render",
    "write_conversation_packs",
]

Renderable = (
    CareerGuide
    | CareerConversations
    | AspirationGuide
    | ConversationStarters
    | SelfReflectionTemplate
    | SelfReflection
    | LeadershipGuide
    | ManagerBrief
    | EmployeeCopy
    | AspirationPreRead
)
"""Everything :func:`render` accepts."""


def _credit(edition: Edition) -> tuple[str, ...]:
    return edition.credits


def _texts(items: tuple[str, ...]) -> Bullets:
    return Bullets(tuple(Entry(text) for text in items))


def _options(options: tuple[DevelopmentOption, ...]) -> Bullets:
    return Bullets(tuple(Entry(o.text, o.details) for o in options))


def _development_blocks(focus: DevelopmentFocus, level: int) -> list[Block]:
    blocks: list[Block] = []
    if focus.options:
        blocks.append(_options(focus.options))
    for group in focus.groups:
        blocks += [Heading(group.heading, level), _options(group.options)]
    return blocks


def _segment_blocks(guide: CareerGuide, level: int) -> list[Block]:
    sub = level + 1
    blocks: list[Block] = [
        Heading("Descriptors", sub),
        _texts(guide.descriptors),
        Heading("Feedback", sub),
        _texts(guide.feedback),
        Heading("Questions", sub),
        _texts(guide.questions),
        Heading("Development focus", sub),
        *_development_blocks(guide.development, sub + 1),
    ]
    if guide.to_note:
        blocks += [Heading("To note", sub), _texts(guide.to_note)]
    return blocks


def _coaching(coaching: CoachingMindset, level: int = 2) -> list[Block]:
    return [
        Heading(coaching.heading, level),
        *(Paragraph(text) for text in coaching.introduction),
        _texts(coaching.points),
    ]


def _career_guide(guide: CareerGuide, credits: tuple[str, ...]) -> Document:
    return Document(
        title=guide.title,
        subtitle=guide.description,
        blocks=tuple(_segment_blocks(guide, 1)),
        credits=credits,
    )


def _career_conversations(book: CareerConversations) -> Document:
    blocks: list[Block] = [Paragraph(text) for text in book.introduction]
    if book.footnote:
        blocks.append(Paragraph(book.footnote, label="Source:"))
    blocks += _coaching(book.coaching)
    blocks += [Paragraph(text) for text in book.further_reading]
    if book.note:
        blocks.append(Paragraph(book.note, label="Note:"))
    for guide in book.guides:
        blocks += [Heading(f"{guide.title} ({guide.description})", 2)]
        blocks += _segment_blocks(guide, 2)
    return Document(title=book.title, blocks=tuple(blocks), credits=_credit(book.metadata))


def _starters(starters: ConversationStarters, level: int = 2) -> list[Block]:
    blocks: list[Block] = [Heading("Conversation starters", level)]
    blocks += [Paragraph(text) for text in starters.introduction]
    blocks += [Paragraph(starters.opening.lead), Quote(starters.opening.words)]
    for theme in starters.themes:
        blocks.append(Heading(theme.title, level + 1))
        if theme.condition:
            blocks.append(Paragraph(theme.condition))
        blocks.append(_texts(theme.starters))
    blocks.append(Paragraph(starters.closing_check))
    return blocks


def _steps_table(guide: AspirationGuide) -> Table:
    """The STEPS | ACTIONS table: each line of a step's actions as the guide sets it out."""
    rows: list[TableRow] = []
    for step in guide.steps:
        cell: list[Paragraph | Bullets] = []
        for action in step.actions:
            cell.append(Paragraph(action.text))
            if action.details:
                cell.append(_texts(action.details))
        if step.questions_lead:
            cell += [Paragraph(step.questions_lead), _texts(step.questions)]
        cell += [Paragraph(note, label="Note:") for note in step.notes]
        rows.append(TableRow(f"{step.number}. {step.title}", tuple(cell)))
    return Table((guide.steps_heading, guide.actions_heading), tuple(rows))


def _aspiration(guide: AspirationGuide) -> Document:
    blocks: list[Block] = [Heading("Purpose", 2), *(Paragraph(t) for t in guide.purpose)]
    blocks += [Heading("Who will use it", 2), *(Paragraph(t) for t in guide.users)]
    blocks += [Heading("When should it be used?", 2), *(Paragraph(t) for t in guide.timing)]
    if guide.note:
        blocks.append(Paragraph(guide.note, label="Note:"))
    blocks += _coaching(guide.coaching)
    blocks.append(_steps_table(guide))
    blocks += _starters(guide.starters)
    return Document(title=guide.title, blocks=tuple(blocks), credits=_credit(guide.metadata))


def _template_blocks(
    template: SelfReflectionTemplate, reflection: SelfReflection | None, level: int
) -> list[Block]:
    blocks: list[Block] = [Paragraph(template.purpose)]
    if template.note:
        blocks.append(Paragraph(template.note, label="Note:"))
    for item in template.identity:
        answer = reflection.identity(item.field) if reflection else None
        blocks.append(AnswerBox(item.label, answer=answer))
    blocks.append(Heading(template.questionnaire_title, level))
    for prompt in template.prompts:
        answer = reflection.response(prompt.key) if reflection else None
        blocks.append(AnswerBox(prompt.prompt, hint=prompt.hint, answer=answer))
    if reflection is not None:
        if reflection.completed_on is not None:
            blocks.append(Detail("Completed on", reflection.completed_on.isoformat()))
        missing = reflection.missing(template)
        if missing:
            blocks.append(Paragraph(f"{len(missing)} still to be answered.", label="Note:"))
        blocks += [
            Paragraph(f.message, label="Note:")
            for f in check_self_reflection(reflection, template)
            if f.code == "unknown-prompt"
        ]
    return blocks


def template_document(
    template: SelfReflectionTemplate, reflection: SelfReflection | None
) -> Document:
    """The layout of a template, filled in with ``reflection`` when one is given."""
    return Document(
        title=template.title,
        blocks=tuple(_template_blocks(template, reflection, 2)),
        credits=_credit(template.metadata),
    )


def _leadership(guide: LeadershipGuide) -> Document:
    blocks: list[Block] = [Heading(guide.role_question, 2)]
    blocks += [Paragraph(text) for text in guide.introduction]
    blocks += [Paragraph(guide.roles_lead), _texts(tuple(r.summary for r in guide.roles))]
    blocks.append(Heading(guide.actions_question, 2))
    for role in guide.roles:
        blocks.append(Heading(role.title, 3))
        blocks.append(Bullets(tuple(Entry(a.text, a.sub_actions) for a in role.actions)))
    return Document(
        title=guide.title,
        subtitle=guide.framework,
        blocks=tuple(blocks),
        credits=_credit(guide.metadata),
    )


def _manager_brief(brief: ManagerBrief) -> Document:
    placement, guide = brief.placement, brief.guide
    blocks: list[Block] = [
        Heading("Placement", 2),
        Detail("Employee", placement.employee_id),
        Detail("Segment", f"{guide.title} ({guide.description})"),
        Detail("Performance", placement.performance.label),
        Detail("Potential", placement.potential.label),
    ]
    if placement.assessed_on is not None:
        blocks.append(Detail("Assessed on", placement.assessed_on.isoformat()))
    if placement.assessed_by is not None:
        blocks.append(Detail("Assessed by", placement.assessed_by))
    for name, value in placement.groups.items():
        blocks.append(Detail(name, value))
    if placement.aspiration_conversation_on is not None:
        blocks.append(
            Detail("Aspiration conversation on", placement.aspiration_conversation_on.isoformat())
        )
    blocks += [
        Paragraph(f.message, label="Note:")
        for f in check_placement(placement)
        if f.code != "assessment-undated"
    ]
    blocks.append(Heading(f"Career conversation guide: {guide.title}", 2))
    blocks += _segment_blocks(guide, 2)
    if brief.reflection is not None:
        blocks.append(Heading(f"{brief.template.title}, as completed", 2))
        blocks += _template_blocks(brief.template, brief.reflection, 3)
    return Document(
        title=f"Manager's brief: career conversation with {placement.employee_id}",
        subtitle=f"For the manager only. {guide.title} ({guide.description})",
        blocks=tuple(blocks),
        credits=brief.credits,
    )


def _employee_copy(copy: EmployeeCopy) -> Document:
    blocks: list[Block] = [Detail("Employee", copy.employee_id)]
    if copy.segment is not None:
        blocks.append(Detail("Segment", f"{copy.segment.label} ({copy.segment.description})"))
    blocks += [Heading("Development focus", 2), *_development_blocks(copy.development, 3)]
    blocks.append(Heading(copy.template.title, 2))
    blocks += _template_blocks(copy.template, copy.reflection, 3)
    return Document(
        title=f"Employee's copy: career conversation for {copy.employee_id}",
        blocks=tuple(blocks),
        credits=copy.credits,
    )


def _pre_read(read: AspirationPreRead) -> Document:
    blocks: list[Block] = []
    if read.employee_id is not None:
        blocks.append(Detail("Employee", read.employee_id))
    blocks.append(Heading(read.template.title, 2))
    blocks += _template_blocks(read.template, read.reflection, 3)
    blocks.append(Heading("Conversation starters", 2))
    for theme in read.starters.themes:
        blocks.append(Heading(theme.title, 3))
        if theme.condition:
            blocks.append(Paragraph(theme.condition))
        blocks.append(_texts(theme.starters))
    title = "Employee's pre-read: aspiration conversation"
    if read.employee_id is not None:
        title += f" for {read.employee_id}"
    return Document(title=title, blocks=tuple(blocks), credits=read.credits)


def document_of(value: Renderable) -> Document:
    """The layout of a guide, template, filled-in template or pack, before rendering."""
    if isinstance(value, CareerGuide):
        from apsperf.guides.io._content import career_conversations

        default = career_conversations()
        credits = _credit(default.metadata)
        if value != default.guide(value.segment):
            credits = (f"Adapted from: {default.metadata.attribution}",)
        return _career_guide(value, credits)
    if isinstance(value, CareerConversations):
        return _career_conversations(value)
    if isinstance(value, AspirationGuide):
        return _aspiration(value)
    if isinstance(value, ConversationStarters):
        return Document(title="Conversation starters", blocks=tuple(_starters(value)[1:]))
    if isinstance(value, SelfReflectionTemplate):
        return template_document(value, None)
    if isinstance(value, SelfReflection):
        from apsperf.guides.io._content import self_reflection_template

        return template_document(self_reflection_template(), value)
    if isinstance(value, LeadershipGuide):
        return _leadership(value)
    if isinstance(value, ManagerBrief):
        return _manager_brief(value)
    if isinstance(value, EmployeeCopy):
        return _employee_copy(value)
    if isinstance(value, AspirationPreRead):
        return _pre_read(value)
    raise ValidationError(
        f"cannot render a {type(value).__name__}; expected a guide, template or pack",
        path="value",
    )


def render(value: Renderable, format: OutputFormat | str = "md") -> str:
    """``value`` as Markdown (``"md"``), a self-contained HTML page (``"html"``) or plain text.

    Every string is escaped for the format, so tailored content and people's answers can
    never add markup. A filled-in :class:`SelfReflection` is shown on the packaged template;
    use a :class:`ConversationPack` to show it on a tailored one.
    """
    return render_document(document_of(value), OutputFormat.parse(format))


_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9_-]+")
_HASHED_STEM = re.compile(r".*-[0-9A-Fa-f]{16}")
_EXTENSIONS = {"md": ".md", "html": ".html", "text": ".txt"}
INDEX_FILE = "index.csv"
"""The file in a pack folder that maps each employee identifier to its files' names."""


def pack_file_stems(employee_ids: Iterable[str]) -> dict[str, str]:
    """Each identifier's file name stem: one person, one name, whatever the file system.

    An identifier of letters, digits, ``_`` and ``-`` (at most 100) that no other identifier
    matches when case is ignored, and that does not itself end in ``-`` and 16 hex digits,
    is its own stem. Any other gets a readable part (unsafe characters as ``_``, at most 60
    of them), ``-`` and 16 hex digits of the identifier's SHA-256, so ``a/b`` and ``a_b``,
    or ``E1`` and ``e1``, never share a file, no name is too long, and no identifier can be
    crafted to take another's name (a stem of the hashed form is always the hash of its own
    identifier). :data:`INDEX_FILE` records the mapping.
    """
    ids = list(dict.fromkeys(employee_ids))
    folded: dict[str, int] = {}
    for employee_id in ids:
        folded[employee_id.casefold()] = folded.get(employee_id.casefold(), 0) + 1
    stems: dict[str, str] = {}
    for employee_id in ids:
        if (
            _SAFE_ID.fullmatch(employee_id)
            and folded[employee_id.casefold()] == 1
            and not _HASHED_STEM.fullmatch(employee_id)
        ):
            stems[employee_id] = employee_id
        else:
            readable = _UNSAFE_RUN.sub("_", employee_id).strip("_")[:60] or "person"
            digest = hashlib.sha256(employee_id.encode("utf-8", "surrogatepass")).hexdigest()
            stems[employee_id] = f"{readable}-{digest[:16]}"
    taken: dict[str, str] = {}
    for employee_id, stem in stems.items():
        other = taken.setdefault(stem.casefold(), employee_id)
        if other != employee_id:  # pragma: no cover - needs two SHA-256 prefixes to collide
            raise ValidationError(
                f"identifiers {other!r} and {employee_id!r} would share a pack file",
                path="employee_id",
            )
    return stems


MANAGER_SUFFIX = ".manager-brief"
"""Added to a person's file name stem for the manager's brief: ``E1.manager-brief.md``."""
EMPLOYEE_SUFFIX = ".employee-copy"
"""Added to a person's file name stem for the employee's copy: ``E1.employee-copy.md``."""


def write_conversation_packs(
    placements: Iterable[Placement],
    directory: str | PathLike[str],
    *,
    output: str = "md",
    guidebook: Guidebook | None = None,
    name_segment: bool = False,
    force: bool = False,
) -> tuple[Path, ...]:
    """Write each person's career conversation pack into ``directory``; return the paths.

    Each person gets two files: a :class:`ManagerBrief` (``E1.manager-brief.md``) and an
    :class:`EmployeeCopy` (``E1.employee-copy.md``), which names the segment only when
    ``name_segment``. ``placements`` is any iterable of placements, for example
    ``workforce.placements()`` from a talent review. File names map to people unambiguously
    (see :func:`pack_file_stems`), and :data:`INDEX_FILE` lists each identifier with its two
    files, which starts with a UTF-8 byte-order mark for spreadsheets. Files already in the
    folder are never replaced unless ``force``; nothing is written through a link (nor into a
    folder that is one); the set is written whole or not at all: if writing fails part way
    or a signal stops it, the new files are removed, any files it replaced are put back,
    and the error says so (see :func:`apsperf._files.write_files`). ``output`` is
    ``"md"``, ``"html"`` or ``"text"``.
    """
    from apsperf._csvsafe import write_rows
    from apsperf._files import write_files
    from apsperf.guides.io._content import default_guidebook

    if output not in _EXTENSIONS:
        raise ValidationError(
            f"{output!r} is not a pack format; expected one of {', '.join(_EXTENSIONS)}",
            path="output",
        )
    if not isinstance(name_segment, bool):
        raise TypeError(f"name_segment must be True or False, not {type(name_segment).__name__}")
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

    def names(placement: Placement) -> tuple[str, str]:
        stem = stems[placement.employee_id]
        return stem + MANAGER_SUFFIX + extension, stem + EMPLOYEE_SUFFIX + extension

    def brief(placement: Placement) -> Callable[[], str]:
        return lambda: render(manager_brief(placement, guidebook=book), output)

    def copy(placement: Placement) -> Callable[[], str]:
        return lambda: render(
            employee_copy(placement, name_segment=name_segment, guidebook=book), output
        )

    index_text = io.StringIO(newline="")
    write_rows(
        index_text,
        ("employee_id", "manager_brief", "employee_copy"),
        ((p.employee_id, *names(p)) for p in people),
        bom=True,
    )
    files: dict[str, str | Callable[[], str]] = {}
    for person in people:
        manager_name, employee_name = names(person)
        files[manager_name] = brief(person)
        files[employee_name] = copy(person)
    files[INDEX_FILE] = index_text.getvalue()
    written = write_files(directory, files, force=force, field="directory")
    return written[:-1]

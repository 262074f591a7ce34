"""``apsperf guide``, ``apsperf template`` and ``apsperf pack``: print guides and forms."""

from __future__ import annotations

import argparse
import sys

from apsperf._cliutil import write_output
from apsperf.errors import ValidationError
from apsperf.guides.analysis._pack import aspiration_pre_read, employee_copy, manager_brief
from apsperf.guides.analysis._reflection import ReflectionAnswer, SelfReflection
from apsperf.guides.io._content import default_guidebook, load_guidebook, read_toml
from apsperf.guides.io._overlay import overlay_from_tables, tailor
from apsperf.guides.model._models import Guidebook
from apsperf.guides.render._document import OutputFormat, render_document
from apsperf.guides.render._render import Renderable, render, template_document
from apsperf.segmentation import Level, Placement, Segment

FORMATS = ("md", "html", "text", "json")
TOPICS = ("aspiration", "leadership", "all")


def _common(
    parser: argparse.ArgumentParser, *, default: str = "text", formats: tuple[str, ...] = FORMATS
) -> None:
    parser.add_argument(
        "--format", choices=formats, default=default, help=f"output format (default {default})"
    )
    parser.add_argument(
        "--content", metavar="FILE", help="an agency's own Guide to Career Conversations file"
    )
    parser.add_argument("--overlay", metavar="FILE", help="tailor the guides with an overlay file")
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE instead of standard output"
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``guide``, ``template`` and ``pack`` subcommands."""
    guide = subparsers.add_parser(
        "guide",
        help="print a conversation guide",
        description="Print the career conversation guide for a segment (a slug such as "
        "top-talent, or a label), the aspiration guide, the ACTPS leadership guide, or "
        "'all' for the whole Guide to Career Conversations.",
    )
    guide.add_argument("topic", metavar="SEGMENT|aspiration|leadership|all")
    _common(guide)
    guide.set_defaults(handler=_guide)

    template = subparsers.add_parser(
        "template",
        help="print a template to fill in",
        description="Print the Career Self-Reflection Template, blank or filled in from a "
        "JSON file of answers.",
    )
    template.add_argument("name", choices=("self-reflection",))
    _common(template)
    template.add_argument(
        "--answers", metavar="FILE", help="a filled-in self-reflection (JSON) to show"
    )
    template.add_argument(
        "--blank",
        action="store_true",
        help="print an empty self-reflection as JSON, ready to fill in",
    )
    template.set_defaults(handler=_template)

    pack = subparsers.add_parser(
        "pack",
        help="print a conversation pack for one person",
        description="Print one person's conversation pack. After placement (--performance and "
        "--potential): the manager's brief for the career conversation, or with --for employee "
        "the employee's copy (the self-reflection template and their segment's development "
        "options, naming the segment only with --name-segment). Before assessment "
        "(--aspiration): the employee's pre-read for the aspiration conversation (the "
        "self-reflection template and the conversation starters, naming no segment).",
    )
    pack.add_argument("--employee", metavar="ID", help="whose pack (required after placement)")
    pack.add_argument("--performance", metavar="LEVEL")
    pack.add_argument("--potential", metavar="LEVEL")
    pack.add_argument(
        "--aspiration",
        action="store_true",
        help="the employee's pre-read for the aspiration conversation, before assessment",
    )
    pack.add_argument(
        "--for",
        dest="audience",
        choices=("manager", "employee"),
        default="manager",
        help="after placement: the manager's brief (default) or the employee's copy",
    )
    pack.add_argument(
        "--name-segment",
        action="store_true",
        help="name the segment in the employee's copy (it is left out unless asked)",
    )
    pack.add_argument("--answers", metavar="FILE", help="their filled-in self-reflection (JSON)")
    _common(pack, default="html", formats=tuple(f for f in FORMATS if f != "json"))
    pack.set_defaults(handler=_pack)


def _guidebook(args: argparse.Namespace) -> Guidebook:
    book = (
        default_guidebook()
        if args.content is None
        else load_guidebook(career_conversations=args.content)
    )
    if args.overlay is not None:
        data, name = read_toml(args.overlay)
        try:
            book = tailor(book, overlay_from_tables(data))
        except ValidationError as exc:
            from apsperf.guides.io._content import file_error

            raise file_error(name, exc.errors) from None
    return book


def _write(args: argparse.Namespace, text: str) -> int:
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_output(text, args.output)
    return 0


def _emit(args: argparse.Namespace, value: Renderable, output: str) -> int:
    if output == "json":
        from apsperf.serialization import to_json

        return _write(args, to_json(value) + "\n")
    return _write(args, render(value, output))


def _read_answers(path: str) -> SelfReflection:
    from apsperf._content import MAX_DOCUMENT_BYTES, read_bytes
    from apsperf.serialization import from_json

    text, _ = read_bytes(path, limit=MAX_DOCUMENT_BYTES)
    try:
        return from_json(SelfReflection, text)
    except ValidationError as exc:
        from apsperf.guides.io._content import file_error

        raise file_error(path, exc.errors) from None


def _guide(args: argparse.Namespace) -> int:
    book = _guidebook(args)
    topic = args.topic.strip().lower()
    if topic == "aspiration":
        return _emit(args, book.aspiration, args.format)
    if topic == "leadership":
        return _emit(args, book.leadership, args.format)
    if topic == "all":
        return _emit(args, book.career_conversations, args.format)
    segment = Segment.parse(args.topic, field="topic")
    return _emit(args, book.career_guide(segment), args.format)


def _template(args: argparse.Namespace) -> int:
    template = _guidebook(args).self_reflection
    if args.blank:
        from apsperf.serialization import to_json

        blank = SelfReflection(
            name="",
            position_title="",
            team="",
            department="",
            answers=tuple(ReflectionAnswer(prompt=p.key, response="") for p in template.prompts),
        )
        return _write(args, to_json(blank) + "\n")
    if args.answers is None:
        return _emit(args, template, args.format)
    reflection = _read_answers(args.answers)
    if args.format == "json":
        return _emit(args, reflection, "json")
    document = template_document(template, reflection)
    return _write(args, render_document(document, OutputFormat.parse(args.format)))


def _pack(args: argparse.Namespace) -> int:
    reflection = None if args.answers is None else _read_answers(args.answers)
    if args.aspiration:
        for option in ("performance", "potential"):
            if getattr(args, option) is not None:
                raise ValidationError(
                    "the aspiration conversation comes before assessment; leave it out",
                    path=f"--{option}",
                )
        if args.audience != "manager" or args.name_segment:
            raise ValidationError(
                "the aspiration pre-read is for the employee and names no segment",
                path="--for" if args.audience != "manager" else "--name-segment",
            )
        employee = None if args.employee is None else args.employee.strip() or None
        if args.employee is not None and employee is None:
            raise ValidationError("must not be blank", path="--employee")
        pre_read = aspiration_pre_read(employee, reflection=reflection, guidebook=_guidebook(args))
        return _write(args, render(pre_read, args.format))
    for option in ("employee", "performance", "potential"):
        if getattr(args, option) is None:
            raise ValidationError(
                "required after placement (or give --aspiration)", path=f"--{option}"
            )
    if args.name_segment and args.audience != "employee":
        raise ValidationError(
            "applies to the employee's copy (--for employee)", path="--name-segment"
        )
    performance = Level.parse(args.performance, field="--performance")
    potential = Level.parse(args.potential, field="--potential")
    try:
        placement = Placement(
            employee_id=args.employee, performance=performance, potential=potential
        )
    except ValidationError as exc:
        raise ValidationError(exc.message, path="--employee") from None
    book = _guidebook(args)
    value: Renderable
    if args.audience == "employee":
        value = employee_copy(
            placement, name_segment=args.name_segment, reflection=reflection, guidebook=book
        )
    else:
        value = manager_brief(placement, reflection=reflection, guidebook=book)
    return _write(args, render(value, args.format))

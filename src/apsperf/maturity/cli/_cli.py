"""``apsperf maturity``: assess, print a scale, report across agencies, compare two years."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from apsperf._cliutil import add_format_option, print_document, write_output
from apsperf._csvsafe import with_bom
from apsperf.dates import parse_date
from apsperf.errors import ValidationError
from apsperf.maturity.analysis._compare import compare_rollups
from apsperf.maturity.analysis._results import assess_maturity
from apsperf.maturity.analysis._rollup import DEFAULT_THRESHOLD, Rollup, rollup
from apsperf.maturity.io._assessments import load_self_assessment, self_assessment_files
from apsperf.maturity.io._samples import load_samples, sample_files
from apsperf.maturity.io._scale_files import default_scale, load_scale
from apsperf.maturity.model._assessment import Aggregation, SelfAssessment
from apsperf.maturity.model._milestones import (
    AGENCY_SURVEY_2024_CLOSES,
    AGENCY_SURVEY_2024_OPENS,
    IMPLEMENT_BY,
    default_timeline,
)
from apsperf.maturity.model._scale import MaturityScale
from apsperf.maturity.render._compare_report import render_comparison
from apsperf.maturity.render._report import ReportFormat, render_report

_RULES = [rule.value for rule in Aggregation]
COMPARE_FORMATS = ("text", "md", "html", "json", "csv", "svg")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``maturity`` with ``assess``, ``report``, ``compare``, ``samples`` and ``scale``."""
    parser = subparsers.add_parser(
        "maturity",
        help="SES Performance Leadership Framework maturity self-assessments",
        description="Assess an agency's maturity self-assessment, show a maturity scale, or "
        "report maturity across many agencies.",
    )
    commands = parser.add_subparsers(
        dest="maturity_command", metavar="SUBCOMMAND", parser_class=type(parser)
    )
    parser.set_defaults(handler=lambda _args: _usage(parser))

    assess = commands.add_parser(
        "assess",
        help="maturity state, aggregate ratings, focus areas and milestones of one agency",
        description="Read one self-assessment JSON file and print the agency's maturity "
        "state, aggregate ratings, focus areas, findings and implementation milestones. "
        "Exits 1 if the self-assessment is incomplete.",
    )
    assess.add_argument("file", metavar="FILE", help="a self-assessment JSON file")
    assess.add_argument(
        "--as-of",
        metavar="DATE",
        help="date for milestone status (2025-07-01 or 01/07/2025; default: today)",
    )
    assess.add_argument(
        "--survey-opens",
        metavar="DATE",
        help=f"date the 2024 Agency Survey opened "
        f"(default {AGENCY_SURVEY_2024_OPENS.isoformat()}, assumed)",
    )
    assess.add_argument(
        "--survey-closes",
        metavar="DATE",
        help=f"date the 2024 Agency Survey closed "
        f"(default {AGENCY_SURVEY_2024_CLOSES.isoformat()}, assumed)",
    )
    assess.add_argument(
        "--implement-by",
        metavar="DATE",
        help=f"full implementation deadline (default {IMPLEMENT_BY.isoformat()})",
    )
    _common(assess)
    add_format_option(assess)
    assess.set_defaults(handler=_assess)

    report = commands.add_parser(
        "report",
        help="roll many agencies' self-assessments up into one report",
        description="Roll self-assessment JSON files (or folders of them) up into an "
        "APS-wide report: levels by element, agencies below a level, one line per agency.",
    )
    report.add_argument(
        "paths",
        nargs="*",
        metavar="DIR_OR_FILE",
        help="self-assessment JSON files or folders of them",
    )
    report.add_argument(
        "--sample", action="store_true", help="use the packaged synthetic sample agencies"
    )
    add_format_option(report, tuple(f.value for f in ReportFormat), default="md")
    report.add_argument(
        "--below",
        type=int,
        default=DEFAULT_THRESHOLD,
        metavar="LEVEL",
        help=f"list agencies below this level on any element (default {DEFAULT_THRESHOLD})",
    )
    _common(report)
    _keep_latest(report)
    report.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    report.set_defaults(handler=_report)

    compare = commands.add_parser(
        "compare",
        help="compare two years' roll-ups: which agencies and elements moved up or down",
        description="Roll up the self-assessments in OLD_DIR and in NEW_DIR and compare "
        "them: agencies are matched by name (normalised), and the report says which "
        "agencies and elements moved up or down and which agencies are in one year only.",
    )
    compare.add_argument("old", metavar="OLD_DIR", help="the earlier year's self-assessments")
    compare.add_argument("new", metavar="NEW_DIR", help="the later year's self-assessments")
    add_format_option(compare, COMPARE_FORMATS)
    _common(compare)
    _keep_latest(compare)
    compare.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    compare.set_defaults(handler=_compare)

    samples = commands.add_parser(
        "samples",
        help="copy the synthetic sample self-assessments into a folder",
        description="Write the packaged synthetic sample self-assessments (invented "
        "agencies) into FOLDER, as examples to read, edit or report on.",
    )
    samples.add_argument("folder", metavar="FOLDER", help="folder to write into (created)")
    samples.add_argument(
        "--force", action="store_true", help="replace sample files already in the folder"
    )
    samples.set_defaults(handler=_samples)

    scale = commands.add_parser(
        "scale",
        help="print a maturity scale (the default, or an agency's own file)",
        description="Print the levels of a maturity scale and each element's description "
        "at every level; with --scale, check and print an agency's own scale file.",
    )
    scale.add_argument("--scale", metavar="FILE", help="an agency's own scale (TOML)")
    scale.set_defaults(handler=_scale)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scale",
        metavar="FILE",
        help="an agency's own maturity scale (TOML); default: apsperf's scale",
    )
    parser.add_argument(
        "--rule",
        choices=_RULES,
        default=Aggregation.WEAKEST_LINK.value,
        help="aggregation rule (default weakest-link; mean always shown)",
    )


def _keep_latest(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--keep-latest",
        action="store_true",
        help="when two self-assessments are of one agency (names equal ignoring case, "
        "invisible characters and spacing), count the latest and report the other as left "
        "out; without it they are refused, naming both files",
    )


def _read(paths: list[str]) -> tuple[tuple[SelfAssessment, ...], tuple[str, ...]]:
    """The self-assessments in ``paths`` (files and folders) and the file each came from."""
    files = self_assessment_files(paths)
    return tuple(load_self_assessment(f) for f in files), tuple(str(f) for f in files)


def _rollup_of(
    args: argparse.Namespace, assessments: tuple[SelfAssessment, ...], sources: tuple[str, ...]
) -> Rollup:
    return rollup(
        assessments,
        scale=_chosen_scale(args),
        below=getattr(args, "below", DEFAULT_THRESHOLD),
        rule=Aggregation(args.rule),
        duplicates="latest" if args.keep_latest else "refuse",
        sources=sources,
    )


def _chosen_scale(args: argparse.Namespace) -> MaturityScale:
    return default_scale() if args.scale is None else load_scale(args.scale)


def _assess(args: argparse.Namespace) -> int:
    scale = _chosen_scale(args)
    as_of = dt.date.today() if args.as_of is None else parse_date(args.as_of, field="--as-of")
    assessment = load_self_assessment(args.file)
    for index, rating in enumerate(assessment.ratings):
        scale.check_rank(rating.level, field=f"{args.file}:ratings[{index}].level")
    timeline = default_timeline(
        survey_opens=_date_or(args.survey_opens, "--survey-opens", AGENCY_SURVEY_2024_OPENS),
        survey_closes=_date_or(args.survey_closes, "--survey-closes", AGENCY_SURVEY_2024_CLOSES),
        implement_by=_date_or(args.implement_by, "--implement-by", IMPLEMENT_BY),
    )
    report = assess_maturity(
        assessment, as_of=as_of, scale=scale, rule=Aggregation(args.rule), timeline=timeline
    )
    status = 0 if report.complete else 1
    if args.format == "json":
        print_document(report)
        return status
    state, findings, progress = report.state, report.findings, report.milestones
    print(f"{assessment.agency}: self-assessment of {assessment.assessed_on.isoformat()}")
    print(f"Scale: {scale.name}")
    for note in report.notices:
        print(f"Note. {note}")
    if state is None:
        missing = ", ".join(e.label.lower() for e in assessment.missing_elements)
        print(f"\nIncomplete: no rating yet for {missing or 'some elements'}.")
    else:
        print("\nMaturity state")
        width = max(len(s.element.label) for s in state.elements)
        for s in state.elements:
            print(f"  {s.element.label:<{width}}  {s.level} {s.level_name}")
        ratings = state.aggregate
        print(
            f"\nAggregate rating ({ratings.rule.label.lower()}): {ratings.overall:g}"
            f"  (weakest link {ratings.weakest_link}, mean {ratings.mean:.1f}, "
            f"strongest {ratings.strongest})"
        )
        print("\nFocus areas")
        if not state.focus_areas:
            print("  none: every element is at the top level")
        for area in state.focus_areas:
            print(
                f"  {area.element.label}: from level {area.level} to "
                f"{area.target_level} {area.target_name}"
            )
            print(f"    target: {area.target_description}")
    if findings:
        print("\nFindings")
        for finding in findings:
            print(f"  {finding}")
    print(f"\nMilestones as at {as_of.isoformat()}")
    for p in progress:
        print(f"  [{p.status.label}] {p.milestone.description}: {p.summary}")
    if timeline.note:
        print(f"  ({timeline.note})")
    return status


def _date_or(text: str | None, field: str, default: dt.date) -> dt.date:
    return default if text is None else parse_date(text, field=field)


def _report(args: argparse.Namespace) -> int:
    chosen_format = ReportFormat.parse(args.format, field="--format")
    if args.sample and args.paths:
        raise ValidationError(
            "give either --sample or files and folders, not both", path="--sample"
        )
    if args.sample:
        assessments = load_samples()
        sources = tuple(f.name for f in sample_files())
    elif args.paths:
        for item in args.paths:
            if not Path(item).exists():
                raise ValidationError("no such file or folder", path=item)
        assessments, sources = _read(args.paths)
    else:
        raise ValidationError(
            "give self-assessment files or folders, or --sample", path="DIR_OR_FILE"
        )
    if not assessments:
        raise ValidationError("no self-assessment JSON files found", path="DIR_OR_FILE")
    result = _rollup_of(args, assessments, sources)
    text = render_report(result, chosen_format)
    left_out = f", {len(result.merged)} left out as merged" if result.merged else ""
    what = (
        f"{chosen_format.value} report on {result.agency_count} agencies "
        f"({result.assessments_read} self-assessments read{left_out})"
    )
    _write(text, args.output, what, csv=chosen_format in _CSV_FORMATS)
    return 0


_CSV_FORMATS = (ReportFormat.CSV, ReportFormat.DISTRIBUTION_CSV)


def _write(text: str, output: str | None, what: str, *, csv: bool = False) -> int:
    """Print ``text``, or write it to ``output`` and say what was written where.

    A CSV file starts with a UTF-8 byte-order mark, for spreadsheets; printed CSV does not.
    """
    if output:
        write_output(with_bom(text) if csv else text, output)
        print(f"wrote {what} to {output}")
    else:
        print(text, end="")
    return 0


def _folder_rollup(args: argparse.Namespace, folder: str, field: str) -> Rollup:
    path = Path(folder)
    if not path.exists():
        raise ValidationError("no such file or folder", path=folder)
    assessments, sources = _read([folder])
    if not assessments:
        raise ValidationError(f"no self-assessment JSON files found in {folder}", path=field)
    return _rollup_of(args, assessments, sources)


def _compare(args: argparse.Namespace) -> int:
    chosen_format = ReportFormat.parse(args.format, field="--format")  # one of COMPARE_FORMATS
    comparison = compare_rollups(
        _folder_rollup(args, args.old, "OLD_DIR"), _folder_rollup(args, args.new, "NEW_DIR")
    )
    text = render_comparison(comparison, chosen_format)
    what = f"comparison of {comparison.old_label} and {comparison.new_label}"
    return _write(
        text, args.output, f"{chosen_format.value} {what}", csv=chosen_format in _CSV_FORMATS
    )


def _samples(args: argparse.Namespace) -> int:
    from apsperf._files import write_files

    folder = Path(args.folder)
    files = sample_files()
    write_files(
        folder, {file.name: file.read_bytes for file in files}, force=args.force, field="DIR"
    )
    print(f"wrote {len(files)} sample self-assessments to {folder}")
    return 0


def _scale(args: argparse.Namespace) -> int:
    scale = default_scale() if args.scale is None else load_scale(args.scale)
    print(scale.name)
    for note in (scale.description, scale.basis, scale.wording):
        if note:
            print(f"  {note}")
    for level in scale.levels:
        print(f"\n{level.title}" + (f": {level.summary}" if level.summary else ""))
        for element, text in sorted(level.descriptions.items(), key=lambda i: i[0].position):
            print(f"  - {element.label}: {text}")
    return 0

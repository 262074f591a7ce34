"""``apsperf ses`` and ``apsperf plan``: SES assessments and performance management plans."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from apsperf._cliutil import add_format_option, print_document, write_output
from apsperf.agreements.analysis._assessment import AssessmentResult, assess, assess_elements
from apsperf.agreements.analysis._check import check_plan
from apsperf.agreements.analysis._results import PlanCheckReport
from apsperf.agreements.analysis._verify import verify_continuation
from apsperf.agreements.io._policies import load_weighted_policy
from apsperf.agreements.io._scales import default_scales, load_scales
from apsperf.agreements.model._lifecycle import PerformanceManagementPlan, ReviewNotes
from apsperf.agreements.model._plan import PlanContent, PlanDetails
from apsperf.agreements.model._policies import (
    AssessmentPolicy,
    MidpointPolicy,
    NonCompensatoryPolicy,
    shipped_policies,
)
from apsperf.agreements.model._scales import AssessmentScales, RatingScale
from apsperf.agreements.render._render import render_html, render_markdown
from apsperf.dates import PerformanceCycle, parse_date
from apsperf.errors import ValidationError, _shown
from apsperf.findings import has_errors

_POLICIES = {policy.name: policy for policy in shipped_policies()}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``ses`` and ``plan`` subcommands."""
    ses = subparsers.add_parser(
        "ses",
        help="SES performance assessment: rating scales and the overall result",
        description="SES Performance Leadership Framework assessments: behaviours and "
        "outcomes are equally important and outcomes never offset a behavioural concern.",
    )
    ses_commands = ses.add_subparsers(dest="ses_command", metavar="COMMAND", parser_class=type(ses))
    ses.set_defaults(handler=lambda _args: _usage(ses))

    scale = ses_commands.add_parser(
        "scale",
        help="print the rating scales, lowest level first",
        description="Print the behaviours, outcomes and overall scales in order, lowest first.",
    )
    _scales_option(scale)
    add_format_option(scale, help="what to print: text, or json (loadable by --scales)")
    scale.set_defaults(handler=_scale)

    assess_parser = ses_commands.add_parser(
        "assess",
        help="combine a behaviours and an outcomes rating",
        description="Print the overall result of an SES assessment and what it means for "
        "reward and recognition, development and unsatisfactory performance.",
    )
    assess_parser.add_argument(
        "--behaviours",
        required=True,
        metavar="RATING",
        help="behaviours rating: slug, label or number (1 = lowest)",
    )
    assess_parser.add_argument(
        "--outcomes",
        required=True,
        metavar="RATING",
        help="outcomes rating: slug, label or number (1 = lowest)",
    )
    assess_parser.add_argument(
        "--policy",
        choices=sorted(_POLICIES),
        default="non-compensatory",
        help="how the ratings combine (default: non-compensatory)",
    )
    _trigger_option(assess_parser)
    _scales_option(assess_parser)
    add_format_option(assess_parser)
    assess_parser.set_defaults(handler=_assess)

    elements = ses_commands.add_parser(
        "assess-elements",
        help="combine weighted element ratings with an agency's points bands",
        description="Print the overall result of a weighted multi-element SES assessment: "
        "element ratings are weighted and summed into the agency's points bands, and no "
        "outcome element can offset a behavioural concern.",
    )
    elements.add_argument(
        "--policy-file",
        required=True,
        metavar="FILE",
        help="the agency's elements, weights and points bands (TOML or JSON)",
    )
    elements.add_argument(
        "--rate",
        action="append",
        required=True,
        metavar="ELEMENT=RATING",
        help="one element's rating (slug, label or number); give once per element",
    )
    _scales_option(elements)
    add_format_option(elements)
    elements.set_defaults(handler=_assess_elements)

    plan = subparsers.add_parser(
        "plan",
        help="Senior Executive Performance Management Plans: start, check, review, verify, render",
        description="Tasmanian Senior Executive Performance Management Plans kept as JSON.",
    )
    plan_commands = plan.add_subparsers(
        dest="plan_command", metavar="COMMAND", parser_class=type(plan)
    )
    plan.set_defaults(handler=lambda _args: _usage(plan))

    new = plan_commands.add_parser(
        "new",
        help="start a draft plan as JSON",
        description="Write a new draft plan (revision 1) with its details filled in.",
    )
    new.add_argument("--officer", required=True, help="officer name")
    new.add_argument(
        "--period", required=True, help="period of the plan: 2025-26 or 01/07/2025 - 30/06/2026"
    )
    new.add_argument("--manager", help="manager name")
    new.add_argument("--classification", help="classification level")
    new.add_argument("--division", help="division/branch")
    new.add_argument("--by", required=True, help="who is recording the draft")
    new.add_argument("--on", help="date recorded: 03/07/2025 or 2025-07-03 (default: today)")
    new.add_argument("-o", "--output", metavar="FILE", help="write here (default: print)")
    new.set_defaults(handler=_new)

    check = plan_commands.add_parser(
        "check",
        help="check a plan against the template's guidance",
        description="Print findings about a plan; exit status 1 when any is an error.",
    )
    check.add_argument("plan", metavar="PLAN.json")
    add_format_option(check)
    check.set_defaults(handler=_check)

    review = plan_commands.add_parser(
        "review",
        help="record a review of an agreed plan, with its notes",
        description="Add a review revision (what was discussed, who took part) to a plan "
        "that is agreed or reviewed, and write the plan with its history.",
    )
    review.add_argument("plan", metavar="PLAN.json")
    review.add_argument("--by", required=True, help="who is recording the review")
    review.add_argument("--on", help="date of the review (default: today)")
    review.add_argument("--discussed", required=True, help="what was discussed")
    review.add_argument(
        "--participant",
        action="append",
        required=True,
        metavar="NAME",
        help="someone who took part (repeat for each)",
    )
    review.add_argument("--reason", help="a note on why the review was held")
    review.add_argument("-o", "--output", metavar="FILE", help="write here (default: print)")
    review.set_defaults(handler=_review)

    verify = plan_commands.add_parser(
        "verify",
        help="check that a newer copy of a plan continues an older one",
        description="Check that every revision of the older copy is unchanged at the start "
        "of the newer one (each copy's own hash chain is checked as it loads); exit status "
        "1 when it is not.",
    )
    verify.add_argument("plan", metavar="NEW.json", help="the newer copy")
    verify.add_argument(
        "--against", required=True, metavar="OLD.json", help="the older copy it must continue"
    )
    add_format_option(verify)
    verify.set_defaults(handler=_verify)

    render = plan_commands.add_parser(
        "render",
        help="lay a plan out like the paper template",
        description="Print a plan as Markdown (or HTML) laid out like the paper template.",
    )
    render.add_argument("plan", metavar="PLAN.json")
    add_format_option(
        render, ("md", "html"), help="md (Markdown, the default) or html (a self-contained page)"
    )
    render.add_argument(
        "--revision", type=int, metavar="N", help="render the plan as it was at revision N"
    )
    render.add_argument("-o", "--output", metavar="FILE", help="write here (default: print)")
    render.set_defaults(handler=_render)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _scales_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scales",
        metavar="FILE",
        help="an agency's scales (TOML or JSON); default: apsperf's default",
    )


def _trigger_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--unsatisfactory-trigger",
        metavar="LEVEL",
        help="the highest rating level that starts the unsatisfactory-performance process "
        "(default: the lowest level), e.g. needs-improvement",
    )


def _load_scales(args: argparse.Namespace) -> AssessmentScales:
    return default_scales() if args.scales is None else load_scales(args.scales)


def _scale(args: argparse.Namespace) -> int:
    scales = _load_scales(args)
    if args.format == "json":
        print_document(scales)
        return 0
    for scale in (scales.behaviours, scales.outcomes, scales.overall):
        print(f"{scale.name} (lowest first):")
        _print_levels(scale, reward_from=scales.reward_from if scale is scales.overall else None)
    return 0


def _print_levels(scale: RatingScale, *, reward_from: str | None) -> None:
    reached = False
    for number, level in enumerate(scale.levels, start=1):
        reached = reached or level.slug == reward_from
        notes = [
            note for note, on in (("concern", level.concern), ("reward eligible", reached)) if on
        ]
        suffix = f" [{', '.join(notes)}]" if notes else ""
        print(f"  {number}. {level.label} ({level.slug}){suffix}")


def _assess(args: argparse.Namespace) -> int:
    scales = _load_scales(args)
    kind = type(_POLICIES[args.policy])
    assert kind in (NonCompensatoryPolicy, MidpointPolicy)
    policy: AssessmentPolicy = kind(unsatisfactory_trigger=args.unsatisfactory_trigger)
    result = assess(args.behaviours, args.outcomes, scales=scales, policy=policy)
    if args.format == "json":
        print_document(result)
        return 0
    _print_result(result, scales)
    return 0


def _assess_elements(args: argparse.Namespace) -> int:
    scales = _load_scales(args)
    policy = load_weighted_policy(args.policy_file)
    ratings: dict[str, str] = {}
    for given in args.rate:
        name, sep, level = given.partition("=")
        if not sep or not name.strip():
            raise ValidationError(f"{_shown(given, 60)} is not ELEMENT=RATING", path="--rate")
        if name.strip() in ratings:
            raise ValidationError(f"{_shown(name.strip())} is rated twice", path="--rate")
        ratings[name.strip()] = level.strip()
    result = assess_elements(ratings, policy=policy, scales=scales)
    if args.format == "json":
        print_document(result)
        return 0
    _print_result(result, scales)
    return 0


def _print_result(result: AssessmentResult, scales: AssessmentScales) -> None:
    def label(scale: RatingScale, slug: str) -> str:
        return scale.levels[scale.rank(slug)].label

    yes_no = {True: "yes", False: "no"}
    print(f"Overall: {label(scales.overall, result.overall)}")
    lowest = "lowest " if result.points is not None else ""
    print(
        f"  {lowest}behaviours: {label(scales.behaviours, result.behaviours)}; "
        f"{lowest}outcomes: {label(scales.outcomes, result.outcomes)} ({result.policy} policy)"
    )
    if result.points is not None:
        print(f"  points: {result.points}")
    print(f"Behavioural concern: {yes_no[result.behaviour_concern]}")
    print(f"Outcomes concern: {yes_no[result.outcome_concern]}")
    print(f"Eligible for reward and recognition: {yes_no[result.reward_eligible]}")
    print(
        f"Unsatisfactory performance process applies: {yes_no[result.unsatisfactory_performance]}"
    )
    print(f"Development: {result.development_prompt}")


def _read_plan(path: str) -> PerformanceManagementPlan:
    from apsperf._content import MAX_DOCUMENT_BYTES, read_bytes
    from apsperf.serialization import from_json

    file = Path(path)
    text, _ = read_bytes(file, limit=MAX_DOCUMENT_BYTES)
    try:
        return from_json(PerformanceManagementPlan, text)
    except ValidationError as error:
        raise ValidationError(f"{file.name}: {error}", path="") from None


def _write(text: str, output: str | None) -> None:
    write_output(text, output)


def _new(args: argparse.Namespace) -> int:
    from apsperf.serialization import to_json

    period = PerformanceCycle.parse(args.period, field="--period")
    on = dt.date.today() if args.on is None else parse_date(args.on, field="--on")
    details = PlanDetails(
        officer_name=args.officer.strip(),
        manager_name=args.manager,
        classification_level=args.classification,
        division_branch=args.division,
        period=period,
    )
    plan = PerformanceManagementPlan.draft(PlanContent(details=details), by=args.by.strip(), on=on)
    _write(to_json(plan), args.output)
    return 0


def _check(args: argparse.Namespace) -> int:
    findings = check_plan(_read_plan(args.plan))
    if args.format == "json":
        print_document(PlanCheckReport(findings=findings))
    elif not findings:
        print("No findings: the plan follows the template's guidance.")
    else:
        for finding in findings:
            print(finding)
    return 1 if has_errors(findings) else 0


def _review(args: argparse.Namespace) -> int:
    from apsperf.serialization import to_json

    plan = _read_plan(args.plan)
    on = dt.date.today() if args.on is None else parse_date(args.on, field="--on")
    notes = ReviewNotes(
        discussed=args.discussed.strip(), participants=[p.strip() for p in args.participant]
    )
    reviewed = plan.review(by=args.by.strip(), on=on, notes=notes, reason=args.reason)
    _write(to_json(reviewed), args.output)
    return 0


def _verify(args: argparse.Namespace) -> int:
    result = verify_continuation(_read_plan(args.plan), _read_plan(args.against))
    if args.format == "json":
        print_document(result)
    else:
        print(f"{'ok' if result.continues else 'FAILED'}: {result.explanation}")
    return 0 if result.continues else 1


def _render(args: argparse.Namespace) -> int:
    plan = _read_plan(args.plan)
    if args.revision is not None:
        plan = plan.as_of(args.revision)
    _write(render_html(plan) if args.format == "html" else render_markdown(plan), args.output)
    return 0

"""Benchmark: ``apsperf calibrate`` and ``apsperf history`` at whole-APS size (issue 23, item 7).

Generates, from a seed, what a talent council works with:

  proposed   an HRIS export of the proposals: N people (default 190,000), one row each, 13
             columns (Employee ID, Surname, Given name, Classification, Division, Branch,
             Location, Gender, Performance, Potential, Assessed by, Assessment date,
             Aspiration conversation date), every field quoted, CRLF line ends, sorted by
             surname; ratings are the words Low/Moderate/High; about N/10 assessors, people
             in the file, of whom some are lenient (they rate one level up about half the
             time) and a few harsh;
  changes    the council's changes for 1% of the people in the file (Employee ID,
             Performance, Potential, Reason, By, On), mostly undoing an assessor's bias;
  cycles     five cycles' exports, 2022 to 2026 (the proposals are the 2026 cycle): the same
             people mostly, about 8% leaving and as many joining each cycle, ratings
             redrawn for about a third of people each cycle, some moving team, assessor,
             branch or classification.

The files depend only on the size and ``--seed`` (default 1).

Then times, interleaved and each in a fresh process (wall clock, CPU and peak RSS):

  floor             a bare ``csv.reader`` pass over the proposals (the least any reader does);
  review            ``apsperf review PROPOSED --format json`` (output to /dev/null);
  calibrate         ``apsperf calibrate PROPOSED --changes CHANGES --fairness Gender
                    --format json``;
  history           ``apsperf history C1 C2 C3 C4 C5 --format json``;
  pandas calibrate  read the proposals and the changes (every column as text), apply the
                    changes by a merge, crosstab the nine-box before and after, per assessor
                    and per Gender;
  pandas history    read the five cycles, merge them on Employee ID, crosstab each pair of
                    consecutive cycles (performance/potential before against after).

Before timing, each apsperf command is run once to check that it exits 0 and prints JSON
that parses (a command that fails is reported with its first line of stderr and not timed).

Prints the medians, then the targets of issue 23 item 7 with PASS or MISS: calibrate at
most 2x review; history over five cycles at most 6x one review; the peak memory of each at
most 3x review's; each faster than its pandas peer (medians at the main size); and the cost
per person, (t(N) - t(two rows)) / N, within +/-25% across the sizes given, that is, every
size's cost within 25% of the midpoint of the smallest and largest. A report, never an exit
failure. The machine may be shared, so read medians over several runs. A script to run by
hand, not part of CI; it reuses the helpers of ``benchmarks/review.py``.

    python benchmarks/council.py --quick       # 20,000 people (and 5,000), one run: under a minute
    python benchmarks/council.py               # 190,000; sizes 20,000 to 1,000,000: long, GiBs
    python benchmarks/council.py --rows 190000 --repeat 1 --sizes 20000,190000   # a few minutes
    python benchmarks/council.py --dir /tmp/council   # keep (and reuse) generated files

The two-row files are always measured (for t(two rows)); ``--rows N`` without ``--sizes``
measures N alone, so the cost per person has one size and no verdict.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from review import (  # benchmarks/ is not a package: see sys.path above
    CLASSIFICATIONS,
    DIVISIONS,
    ENVIRONMENT,
    FOOTER,
    LEVELS,
    LOCATIONS,
    PERFORMANCE_WEIGHTS,
    POTENTIAL_WEIGHTS,
    PROGRAMS,
    _name,
    available,
    compile_apsperf,
    run,
)

# -- the files ---------------------------------------------------------------------------
HEADER = [
    "Employee ID",
    "Surname",
    "Given name",
    "Classification",
    "Division",
    "Branch",
    "Location",
    "Gender",
    "Performance",
    "Potential",
    "Assessed by",
    "Assessment date",
    "Aspiration conversation date",
]
CYCLES = (2022, 2023, 2024, 2025, 2026)  # the last is the proposals
TURNOVER = 0.08  # leavers per cycle, replaced by as many joiners
CLASSIFICATION_WEIGHTS = (1, 2, 6, 14, 19, 23, 22, 11, 2)  # APS 1 ... SES Band 1
LOCATION_WEIGHTS = (45, 15, 14, 10, 6, 5, 3, 2)  # Canberra ... Darwin
GENDERS, GENDER_WEIGHTS = ("Woman", "Man", "Non-binary", "Not stated"), (59, 39, 1, 1)
REASONS = [
    "Evidence against the outcomes does not support the proposed rating",
    "Moderated against peers at the same classification",
    "Potential rating not supported by the aspiration conversation",
]
# A person: [number, surname, given name, classification, division, branch, location,
# gender, performance, potential, assessor]; ratings are 0-2, the latent (fair) levels.
ID, CLASS, DIVISION, BRANCH, PERFORMANCE, POTENTIAL, ASSESSOR = 0, 3, 4, 5, 8, 9, 10


def new_person(rng: random.Random, number: int) -> list:
    division = rng.randrange(len(DIVISIONS))
    return [
        f"{number:08d}",
        _name(rng, rng.randrange(2, 4)),
        _name(rng, 2),
        rng.choices(range(len(CLASSIFICATIONS)), CLASSIFICATION_WEIGHTS)[0],
        division,
        division * 5 + rng.randrange(5),
        rng.choices(LOCATIONS, LOCATION_WEIGHTS)[0],
        rng.choices(GENDERS, GENDER_WEIGHTS)[0],
        rng.choices(range(3), PERFORMANCE_WEIGHTS)[0],
        rng.choices(range(3), POTENTIAL_WEIGHTS)[0],
        "",
    ]


def move(rng: random.Random, people: list[list], fresh: Iterator[int]) -> list[list]:
    """The next cycle: leavers replaced by joiners; ratings redrawn for about a third."""
    kept = [p for p in people if rng.random() >= TURNOVER]
    for person in kept:
        if rng.random() < 0.35:
            person[PERFORMANCE] = rng.choices(range(3), PERFORMANCE_WEIGHTS)[0]
        if rng.random() < 0.2:
            person[POTENTIAL] = rng.choices(range(3), POTENTIAL_WEIGHTS)[0]
        if rng.random() < 0.05:
            person[BRANCH] = person[DIVISION] * 5 + rng.randrange(5)
        if rng.random() < 0.04 and person[CLASS] < CLASSIFICATIONS.index("EL 2"):
            person[CLASS] += 1  # promoted (to the SES only from outside)
    return kept + [new_person(rng, next(fresh)) for _ in range(len(people) - len(kept))]


def assign(rng: random.Random, people: list[list], managers: list[str], bias: dict) -> None:
    """Keep about a tenth of the people as assessors; give everyone an assessor.

    Departed assessors are replaced by people promoted; most people keep their assessor.
    A new assessor is lenient (15%), harsh (5%) or neither, for good.
    """
    present = {p[ID] for p in people}
    managers[:] = [m for m in managers if m in present]
    others = sorted(present - set(managers))
    rng.shuffle(others)
    while len(managers) < max(1, len(people) // 10) and others:
        manager = others.pop()
        managers.append(manager)
        bias[manager] = rng.choices((1, -1, 0), (15, 5, 80))[0]
    current = set(managers)
    for person in people:
        if person[ASSESSOR] not in current or rng.random() < 0.15:
            person[ASSESSOR] = rng.choice(managers)


def days(year: int) -> list[dt.date]:
    """The assessment days of a cycle: weekdays of August and September."""
    start = dt.date(year, 8, 1)
    every = (start + dt.timedelta(d) for d in range(61))
    return [d for d in every if d.weekday() < 5]


def rows(rng: random.Random, people: list[list], year: int, bias: dict) -> list[list[str]]:
    """One cycle's export: reported ratings (assessor's bias applied), dates, sorted by name."""
    assessed = days(year)
    body = []
    for person in people:
        performance, potential = person[PERFORMANCE], person[POTENTIAL]
        lean = bias.get(person[ASSESSOR], 0)
        if lean and rng.random() < 0.5:
            performance = min(2, max(0, performance + lean))
            if rng.random() < 0.5:
                potential = min(2, max(0, potential + lean))
        on = rng.choice(assessed)
        chance = rng.random()
        if chance < 0.06:
            conversation = ""  # not recorded
        elif chance < 0.1:
            conversation = (on + dt.timedelta(rng.randrange(1, 21))).strftime("%d/%m/%Y")
        else:
            conversation = (on - dt.timedelta(rng.randrange(10, 121))).strftime("%d/%m/%Y")
        body.append(
            [
                *person[:3],
                CLASSIFICATIONS[person[CLASS]],
                DIVISIONS[person[DIVISION]],
                f"Branch {person[BRANCH]}",
                *person[6:8],
                LEVELS[performance],
                LEVELS[potential],
                person[ASSESSOR],
                on.strftime("%d/%m/%Y"),
                conversation,
            ]
        )
    body.sort(key=lambda row: (row[1], row[2]))
    return body


def changes(rng: random.Random, proposed: list[list[str]], people: list[list]) -> list[list[str]]:
    """The council's changes for 1% of the people: undo an assessor's bias, else move one level."""
    latent = {p[ID]: (LEVELS[p[PERFORMANCE]], LEVELS[p[POTENTIAL]]) for p in people}
    body = []
    for row in rng.sample(proposed, max(1, len(proposed) // 100)):
        ratings = [row[8], row[9]]
        if tuple(ratings) != latent[row[0]]:
            ratings = list(latent[row[0]])
        else:
            axis = rng.randrange(2)
            level = LEVELS.index(ratings[axis])
            ratings[axis] = LEVELS[level + 1 if level == 0 else level - 1]
        on = dt.date(2026, 9, 22 + rng.randrange(3)).strftime("%d/%m/%Y")
        body.append([row[0], *ratings, rng.choice(REASONS), "Council chair", on])
    return sorted(body)


def write(path: Path, header: list[str], body: list[list[str]], hris: bool = True) -> None:
    """An HRIS export (every field quoted, CRLF), or a hand-made CSV (minimal quoting, LF)."""
    quoting, ending = (csv.QUOTE_ALL, "\r\n") if hris else (csv.QUOTE_MINIMAL, "\n")
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, quoting=quoting, lineterminator=ending)
        writer.writerow(header)
        writer.writerows(body)


class Files(NamedTuple):
    proposed: Path
    changes: Path
    cycles: list[Path]  # oldest first; the last is the proposals


def files(folder: Path, people: int, seed: int) -> Files:
    """The proposals, changes and five cycles for ``people``, generated unless kept already."""
    here = folder / f"council-{people}-seed{seed}"
    named = {c: here / f"cycle-{c}.csv" for c in CYCLES[:-1]}
    found = Files(here / "proposed.csv", here / "changes.csv", [*named.values()])
    found.cycles.append(found.proposed)
    if (here / "complete").exists():
        return found
    print(f"generating {here.name} ...", flush=True)
    here.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{seed}/{people}")
    numbers = rng.sample(range(10_000_000, 99_999_999), people * 3 // 2 + 10)
    fresh = iter(numbers[people:])
    crowd = [new_person(rng, n) for n in numbers[:people]]
    managers: list[str] = []
    bias: dict[str, int] = {}
    for cycle in CYCLES:
        if cycle != CYCLES[0]:
            crowd = move(rng, crowd, fresh)
        assign(rng, crowd, managers, bias)
        body = rows(rng, crowd, cycle, bias)
        write(named.get(cycle, found.proposed), HEADER, body)
    header = ["Employee ID", "Performance", "Potential", "Reason", "By", "On"]
    write(found.changes, header, changes(rng, body, crowd), hris=False)
    (here / "complete").touch()
    return found


# -- the programs ------------------------------------------------------------------------
APSPERF = """
import os, sys
from apsperf.cli import main
with open(os.devnull, "w") as sink:
    sys.stdout = sink
    status = main(sys.argv[1:])
    sys.stdout = sys.__stdout__
assert status == 0, f"exit {status}"
"""
PANDAS_CALIBRATE = """
import sys
import pandas as pd
proposed, changes = sys.argv[1:3]
frame = pd.read_csv(proposed, dtype=str, keep_default_na=False)
moves = pd.read_csv(changes, dtype=str, keep_default_na=False)
moves = moves[["Employee ID", "Performance", "Potential"]]
frame = frame.merge(moves, on="Employee ID", how="left", suffixes=("", " after"))
for rating in ("Performance", "Potential"):
    frame[rating + " after"] = frame[rating + " after"].fillna(frame[rating])
before = pd.crosstab(frame["Performance"], frame["Potential"])
after = pd.crosstab(frame["Performance after"], frame["Potential after"])
raters = pd.crosstab(frame["Assessed by"], [frame["Performance"], frame["Potential"]])
fairness = pd.crosstab(frame["Gender"], [frame["Performance after"], frame["Potential after"]])
assert int(raters.to_numpy().sum()) == int(fairness.to_numpy().sum()) == len(frame)
"""
PANDAS_HISTORY = """
import sys
import pandas as pd
merged = None
for n, path in enumerate(sys.argv[1:]):
    cycle = pd.read_csv(path, dtype=str, keep_default_na=False)
    cycle = cycle.rename(columns=lambda c: c if c == "Employee ID" else f"{c} {n}")
    merged = cycle if merged is None else merged.merge(cycle, on="Employee ID", how="outer")
for n in range(1, len(sys.argv) - 1):
    before = [merged[f"Performance {n - 1}"], merged[f"Potential {n - 1}"]]
    after = [merged[f"Performance {n}"], merged[f"Potential {n}"]]
    moved = pd.crosstab(before, after)
    left = int(merged[f"Performance {n - 1}"].notna().sum()) - int(moved.to_numpy().sum())
    joined = int(merged[f"Performance {n}"].notna().sum()) - int(moved.to_numpy().sum())
    assert left >= 0 and joined >= 0
"""
APSPERF_COMMANDS = ("review", "calibrate", "history")
FAIRNESS = ("--fairness", "Gender")


def command(program: str, found: Files) -> list[str]:
    """The command line of one run of ``program`` on the files ``found``."""
    proposed, changes, cycles = str(found.proposed), str(found.changes), found.cycles
    arguments = {
        "floor": [PROGRAMS["floor"], proposed],
        "review": [APSPERF, "review", proposed, "--format", "json"],
        "calibrate": [
            APSPERF,
            "calibrate",
            proposed,
            "--changes",
            changes,
            *FAIRNESS,
            "--format",
            "json",
        ],
        "history": [APSPERF, "history", *map(str, cycles), "--format", "json"],
        "pandas calibrate": [PANDAS_CALIBRATE, proposed, changes],
        "pandas history": [PANDAS_HISTORY, *map(str, cycles)],
    }[program]
    return [sys.executable, "-c", arguments[0] + FOOTER, *arguments[1:]]


def check(program: str, found: Files) -> str | None:
    """Run an apsperf command once and print what its JSON counted (None if it failed)."""
    argv = command(program, found)[3:]  # the apsperf arguments, run through the CLI
    code = "import sys; from apsperf.cli import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, env=ENVIRONMENT
    )
    first = (done.stderr.strip().splitlines() or [""])[0]
    if done.returncode != 0:
        print(f"  {program}: exit {done.returncode}: {first}")
        return None
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        print(f"  {program}: exit 0 but the JSON does not parse ({error}); stderr: {first}")
        return None
    try:
        summary = summarise(program, report)
    except (KeyError, TypeError, ValueError):  # the report's layout changed: no summary
        summary = "JSON parses (a layout this script does not summarise)"
    print(f"  {program}: exit 0, {len(done.stdout) / 2**20:.1f} MiB of JSON; {summary}")
    return summary


def summarise(program: str, report: dict) -> str:
    """What a command's JSON says it counted, to see that it read every row."""
    if program == "review":
        placed = sum(s["count"] for s in report["review"]["segments"])
        return f"{report['review']['rows_read']:,} rows read, {placed:,} placed"
    if program == "calibrate":
        placed = sum(s["count"] for s in report["before"])
        return (
            f"{placed:,} placed, {len(report['changes']):,} moves, "
            f"{len(report['rater_effects']['assessor']):,} assessors' rater effects"
        )
    moved = [sum(map(sum, m["matrix"])) for m in report["movements"]]
    return (
        f"{len(report['trajectories']):,} people's trajectories, "
        f"stayed between cycles: {', '.join(f'{n:,}' for n in moved)}"
    )


Runs = dict[str, list[tuple[float, float, float]]]


def measure(found: Files, programs: list[str], repeat: int) -> Runs:
    """``repeat`` runs of every program, interleaved (so drifting load hits all alike)."""
    results: Runs = {p: [] for p in programs}
    for _ in range(repeat):
        for program in programs:
            elapsed, cpu, peak, _ = run(command(program, found))
            results[program].append((elapsed, cpu, peak))
    return results


# -- the report --------------------------------------------------------------------------
def medians(results: Runs) -> dict[str, tuple[float, float, float]]:
    """Median wall and CPU seconds and the highest peak (MiB) of each program."""
    return {
        p: (
            statistics.median(r[0] for r in runs),
            statistics.median(r[1] for r in runs),
            max(r[2] for r in runs),
        )
        for p, runs in results.items()
    }


def table(results: Runs) -> None:
    print(f"  {'program':<17} {'median s':>8} {'CPU s':>6} {'peak MiB':>8}  runs (s)")
    for program, (wall, cpu, peak) in medians(results).items():
        shown = " ".join(f"{r[0]:.2f}" for r in results[program])
        print(f"  {program:<17} {wall:>8.2f} {cpu:>6.2f} {peak:>8.0f}  {shown}")


def verdict(text: str, ratio: float, limit: float, strict: bool = False) -> None:
    met = ratio < limit if strict else ratio <= limit
    print(f"  {text:<44} {ratio:>7.2f}x  {'PASS' if met else 'MISS'}")


def targets(results: Runs, people: int) -> None:
    """The targets of issue 23 item 7 at the main size."""
    m = medians(results)
    print(f"\ntargets of issue 23 item 7, {people:,} people (medians):")
    if "review" not in m:
        print("  review did not run: no ratios")
        return
    review_wall, _, review_peak = m["review"]
    if "floor" in m:
        print(
            f"  {'(review against the csv.reader floor)':<44} {review_wall / m['floor'][0]:>7.2f}x"
        )
    limits = {"calibrate": 2, "history": 6}
    for program in ("calibrate", "history"):
        if program not in m:
            print(f"  {program}: failed, not measured")
            continue
        wall, _, peak = m[program]
        verdict(
            f"{program} <= {limits[program]}x review (wall)", wall / review_wall, limits[program]
        )
        verdict(f"{program} peak memory <= 3x review's", peak / review_peak, 3)
        if f"pandas {program}" in m:
            peer = m[f"pandas {program}"]
            verdict(f"{program} faster than pandas (wall, < 1x)", wall / peer[0], 1, strict=True)
            print(f"  {'  (memory against pandas)':<44} {peak / peer[2]:>7.2f}x")


def cost_per_person(by_size: dict[int, Runs]) -> None:
    """(t(N) - t(two rows)) / N for each size, and whether it stays within +/-25%."""
    sizes = sorted(s for s in by_size if s > 2)
    if 2 not in by_size or not sizes:
        return
    print("\ncost per person, (t(N) - t(2 rows)) / N, microseconds of wall clock:")
    print(f"  {'program':<17}" + "".join(f"{s:>11,}" for s in sizes) + "   spread")
    base = medians(by_size[2])
    for program in base:
        measured = [(n, medians(by_size[n])[program][0]) for n in sizes if program in by_size[n]]
        costs = [(wall - base[program][0]) / n * 1e6 for n, wall in measured]
        line = f"  {program:<17}" + "".join(f"{c:>11.2f}" for c in costs)
        if len(costs) < len(sizes):
            line += "   (not measured at every size)"
        elif len(costs) > 1 and min(costs) <= 0:
            line += "   (noise: t(N) not above t(2 rows))"
        elif len(costs) > 1:
            middle = (max(costs) + min(costs)) / 2  # +/-25% around it means max/min <= 5/3
            spread = (max(costs) - middle) / middle * 100
            line += f"   +/-{spread:.0f}%"
            if program in APSPERF_COMMANDS:
                line += f"  {'PASS' if spread <= 25 else 'MISS'}"
        print(line)
    if len(sizes) < 2:
        print("  (give two or more sizes with --sizes to judge the +/-25% target)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20,000 people, one run")
    parser.add_argument("--rows", type=int, help="people in the main file (default 190,000)")
    parser.add_argument("--repeat", type=int, help="runs of each program (default 3)")
    parser.add_argument("--sizes", help="sizes for the cost per person, e.g. 20000,190000")
    parser.add_argument("--dir", type=Path, help="keep generated files here (and reuse them)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated files")
    args = parser.parse_args()
    people = args.rows or (20_000 if args.quick else 190_000)
    repeat = args.repeat or (1 if args.quick else 3)
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
    elif args.rows:
        sizes = [people]
    else:
        sizes = [5_000, 20_000] if args.quick else [20_000, 190_000, 1_000_000]

    programs = ["floor", "review", "calibrate", "history"]
    if available("pandas"):
        programs += ["pandas calibrate", "pandas history"]
    else:
        print("pandas is not installed, so its peers are not measured")
    compile_apsperf()
    by_size: dict[int, Runs] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.dir or Path(scratch)
        for size in sorted({2, people, *sizes}):
            found = files(folder, size, args.seed)
            print(
                f"\n{size:,} people, {max(1, size // 10):,} assessors, "
                f"{max(1, size // 100):,} changes; proposals "
                f"{found.proposed.stat().st_size / 2**20:.1f} MiB:"
            )
            failed = [p for p in APSPERF_COMMANDS if check(p, found) is None]
            chosen = [p for p in programs if p not in failed]
            by_size[size] = measure(found, chosen, repeat)
            table(by_size[size])
    targets(by_size[people], people)
    cost_per_person({s: r for s, r in by_size.items() if s in (2, *sizes)})
    print(f"\npython {sys.version.split()[0]}; {os.cpu_count()} cores; {repeat} run(s) each")
    return 0


if __name__ == "__main__":
    sys.exit(main())

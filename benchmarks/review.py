"""Benchmark: ``apsperf review`` against its peers, on several layouts of workforce file.

Generates each layout, then times, interleaved and each in a fresh process:

  floor    a bare ``csv.reader`` pass over the file (the least any Python reader does);
  pandas   ``pandas.read_csv`` (every column as text) + ``pandas.crosstab`` of the ratings;
  polars   ``polars.read_csv`` (every column as text) + ``group_by`` of the ratings;
  apsperf  ``apsperf review FILE --format json``.

Layouts:

  easy       six unquoted columns, few distinct values, ascending identifiers (the old file);
  shuffled   the easy file with identifiers in random order;
  quoted     the easy file with every field quoted;
  realistic  an HRIS export: 15 columns (employee number, surname, given name, position
             number and title, classification, division, branch, section, location,
             manager's number, performance, potential, assessment date, assessor's number),
             every field quoted, CRLF line ends, sorted by surname, so nearly every row's
             profile is unique.

Prints, per file, each program's median wall-clock seconds, CPU seconds and peak RSS (of
that process alone, from ``/proc``), then apsperf's ratios against the floor, pandas and
polars. It says which string backend pandas used (pandas uses Arrow strings when pyarrow is
installed). The machine is shared, so the figures are noisy: read medians and paired
ratios, not single runs. A script to run by hand, not part of CI.

    python benchmarks/review.py --quick                  # small files, a minute or two
    python benchmarks/review.py                          # the sizes of issue 13
    python benchmarks/review.py --layouts realistic --rows 190000 --repeat 5
    python benchmarks/review.py --dir /tmp/bench         # keep (and reuse) generated files
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
import time
from pathlib import Path

# Each program gets the file, the performance column and the potential column.
PROGRAMS = {
    "floor": """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.reader(f):
        pass
""",
    "pandas": """
import json, sys
import pandas as pd
frame = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
table = pd.crosstab(frame[sys.argv[2]], frame[sys.argv[3]])
assert int(table.to_numpy().sum()) == len(frame)
dtype = frame[sys.argv[2]].dtype
storage = getattr(dtype, "storage", "numpy objects")
print(json.dumps({"strings": f"{dtype!r}, storage {storage} (pandas {pd.__version__})"}))
""",
    "apsperf": """
import sys
from apsperf.cli import main
assert main(["review", *sys.argv[1:]]) == 0
""",
    "polars": """
import sys
import polars as pl
frame = pl.read_csv(sys.argv[1], infer_schema=False)
table = frame.group_by(sys.argv[2], sys.argv[3]).len()
assert table["len"].sum() == frame.height
""",
}
FOOTER = """
import json, sys
# VmHWM is this process's own peak (ru_maxrss would include the parent's before exec).
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
sys.stdout.flush()
print(json.dumps({"peak_kib": peak}), file=sys.__stdout__)
"""


# -- layouts -----------------------------------------------------------------------------
LEVELS = ["Low", "Moderate", "High"]
PERFORMANCE_WEIGHTS = (1, 6, 3)
POTENTIAL_WEIGHTS = (25, 55, 20)
DIVISIONS = [f"Division {n}" for n in range(1, 13)]
CLASSIFICATIONS = ["APS 1", "APS 2", "APS 3", "APS 4", "APS 5", "APS 6", "EL 1", "EL 2"]
CLASSIFICATIONS += ["SES Band 1"]
LOCATIONS = ["Canberra", "Sydney", "Melbourne", "Brisbane", "Adelaide", "Perth", "Hobart"]
LOCATIONS += ["Darwin"]


def easy_rows(rows: int, rng: random.Random, shuffled: bool) -> tuple[list[str], list[list[str]]]:
    """Identifier, three grouping columns and the ratings; identifiers ascend unless shuffled."""
    numbers = list(range(rows))
    if shuffled:
        rng.shuffle(numbers)
    header = ["employee_id", "division", "classification", "location", "performance"]
    header.append("potential")
    body = [
        [
            f"E{n:07d}",
            rng.choice(DIVISIONS),
            rng.choice(CLASSIFICATIONS),
            rng.choice(LOCATIONS),
            rng.choices(LEVELS, PERFORMANCE_WEIGHTS)[0],
            rng.choices(LEVELS, POTENTIAL_WEIGHTS)[0],
        ]
        for n in numbers
    ]
    return header, body


SYLLABLES = ["an", "ba", "ker", "lo", "mi", "na", "ro", "sa", "ta", "vi", "wil", "son"]
SYLLABLES += ["ham", "ley", "ton", "ford", "gar", "ric", "el", "ish"]
TITLES = "Officer|Senior Officer|Adviser|Senior Adviser|Analyst|Policy Officer|Case Officer"
TITLES += "|Director|Assistant Director|Team Leader|Project Officer|Data Analyst|Lawyer"


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def realistic_rows(rows: int, rng: random.Random) -> tuple[list[str], list[list[str]]]:
    """An HRIS export: 15 columns, sorted by surname (see the module's docstring).

    Surnames and given names are made of syllables (thousands of each), managers are about
    one person in eight, assessments fall on weekdays of one quarter, written day first.
    """
    header = [
        "Employee Number",
        "Surname",
        "Given Name",
        "Position Number",
        "Position Title",
        "Classification",
        "Division",
        "Branch",
        "Section",
        "Location",
        "Manager Number",
        "Performance",
        "Potential",
        "Assessment Date",
        "Assessor Number",
    ]
    numbers = rng.sample(range(10_000_000, 99_999_999), rows)
    managers = [f"{n:08d}" for n in numbers[: max(1, rows // 8)]]
    titles = TITLES.split("|")
    start = dt.date(2025, 7, 1)
    days = [start + dt.timedelta(d) for d in range(92)]
    days = [d.strftime("%d/%m/%Y") for d in days if d.weekday() < 5]
    body = []
    for n in numbers:
        division = rng.randrange(12)
        branch = division * 5 + rng.randrange(5)
        section = branch * 4 + rng.randrange(4)
        manager = rng.choice(managers)
        body.append(
            [
                f"{n:08d}",
                _name(rng, rng.randrange(2, 4)),
                _name(rng, 2),
                f"P{rng.randrange(10**7):07d}",
                rng.choice(titles),
                rng.choice(CLASSIFICATIONS),
                DIVISIONS[division],
                f"Branch {branch}",
                f"Section {section}",
                rng.choice(LOCATIONS),
                manager,
                rng.choices(LEVELS, PERFORMANCE_WEIGHTS)[0],
                rng.choices(LEVELS, POTENTIAL_WEIGHTS)[0],
                rng.choice(days),
                manager if rng.random() < 0.9 else rng.choice(managers),
            ]
        )
    body.sort(key=lambda row: (row[1], row[2]))
    return header, body


def write_layout(path: Path, layout: str, rows: int, seed: int = 1) -> None:
    """Write ``rows`` rows of ``layout`` to ``path``."""
    rng = random.Random(seed)
    if layout == "realistic":
        header, body = realistic_rows(rows, rng)
        options: dict[str, object] = {"quoting": csv.QUOTE_ALL, "lineterminator": "\r\n"}
    else:
        header, body = easy_rows(rows, rng, shuffled=layout == "shuffled")
        options = {"quoting": csv.QUOTE_ALL if layout == "quoted" else csv.QUOTE_MINIMAL}
        options["lineterminator"] = "\n"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, **options)  # type: ignore[arg-type]
        writer.writerow(header)
        writer.writerows(body)


RATINGS = {"realistic": ("Performance", "Potential")}


# -- running -----------------------------------------------------------------------------
def command(program: str, path: Path, layout: str) -> list[str]:
    """The command line of one run of ``program`` on ``path``."""
    if program == "apsperf":
        return [sys.executable, "-c", PROGRAMS["apsperf"] + FOOTER, str(path), "--format", "json"]
    performance, potential = RATINGS.get(layout, ("performance", "potential"))
    return [sys.executable, "-c", PROGRAMS[program] + FOOTER, str(path), performance, potential]


def run(argv: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds, peak RSS (MiB) and output line of one process.

    The process prints its own peak RSS last (see :data:`FOOTER`); ``os.wait4`` gives its
    CPU time (``RUSAGE_CHILDREN`` would sum every run so far).
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, env=ENVIRONMENT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(argv[:5])} failed:\n{err.read()}")
        out.seek(0)
        lines = out.read().splitlines()
    cpu = usage.ru_utime + usage.ru_stime
    peak = json.loads(lines[-1])["peak_kib"] / 1024
    last = lines[-2] if len(lines) > 1 and "json" not in argv else ""
    return elapsed, cpu, peak, last


ENVIRONMENT = {**os.environ, "PYTHONHASHSEED": "0"}


def compile_apsperf() -> None:
    """Compile apsperf's modules to bytecode first, as ``pip install`` does."""
    import compileall

    import apsperf

    compileall.compile_dir(Path(apsperf.__file__).parent, quiet=1)


def available(module: str) -> bool:
    """Whether ``module`` can be imported here."""
    import importlib.util

    return importlib.util.find_spec(module) is not None


SIZES = {
    "full": {
        "easy": [1_000_000],
        "shuffled": [1_000_000],
        "quoted": [1_000_000],
        "realistic": [190_000, 1_000_000],
    },
    "quick": {
        "easy": [50_000],
        "shuffled": [50_000],
        "quoted": [50_000],
        "realistic": [20_000, 100_000],
    },
}


def measure(
    path: Path, layout: str, programs: list[str], repeat: int
) -> dict[str, list[tuple[float, float, float]]]:
    """``repeat`` runs of every program on ``path``, interleaved (so drifting load hits all)."""
    results: dict[str, list[tuple[float, float, float]]] = {p: [] for p in programs}
    for _ in range(repeat):
        for program in programs:
            elapsed, cpu, rss, last = run(command(program, path, layout))
            results[program].append((elapsed, cpu, rss))
            if program == "pandas" and last:
                NOTES["pandas strings"] = json.loads(last)["strings"]
    return results


NOTES: dict[str, str] = {}


def report(results: dict[str, list[tuple[float, float, float]]]) -> None:
    """Print medians, peaks and apsperf's ratios against the peers."""
    median = {p: statistics.median(r[0] for r in runs) for p, runs in results.items()}
    cpu = {p: statistics.median(r[1] for r in runs) for p, runs in results.items()}
    peak = {p: max(r[2] for r in runs) for p, runs in results.items()}
    print(f"  {'program':<15} {'median s':>8} {'CPU s':>6} {'peak MiB':>8}  runs (s)")
    for program, runs in results.items():
        shown = " ".join(f"{r[0]:.2f}" for r in runs)
        print(
            f"  {program:<15} {median[program]:>8.2f} {cpu[program]:>6.2f} "
            f"{peak[program]:>8.0f}  {shown}"
        )
    for program in results:
        if not program.startswith("apsperf"):
            continue
        parts = []
        for peer in ("floor", "pandas", "polars"):
            if peer in results:
                paired = statistics.median(
                    a[0] / b[0] for a, b in zip(results[program], results[peer], strict=True)
                )
                parts.append(
                    f"{median[program] / median[peer]:.2f}x {peer} (paired {paired:.2f}x, "
                    f"memory {peak[program] / peak[peer]:.2f}x)"
                )
        print(f"  {program}: " + "; ".join(parts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small files (a quick look)")
    parser.add_argument(
        "--layouts", default="easy,shuffled,quoted,realistic", help="comma-separated layouts"
    )
    parser.add_argument("--rows", type=int, help="one size for every layout chosen")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, help="keep generated files here (and reuse them)")
    args = parser.parse_args()

    programs = ["floor"]
    programs += [p for p in ("pandas", "polars") if available(p)]
    missing = [p for p in ("pandas", "polars") if not available(p)]
    if missing:
        print(
            f"not installed, so not measured: {', '.join(missing)} (pip install 'apsperf[bench]')"
        )
    programs.append("apsperf")
    compile_apsperf()
    sizes = SIZES["quick" if args.quick else "full"]
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.dir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for layout in args.layouts.split(","):
            for rows in [args.rows] if args.rows else sizes[layout]:
                path = folder / f"{layout}-{rows}.csv"
                if not path.exists():
                    print(f"generating {path.name} ...", flush=True)
                    write_layout(path, layout, rows)
                print(f"\n{layout}, {rows:,} rows ({path.stat().st_size / 2**20:.1f} MiB):")
                report(measure(path, layout, programs, args.repeat))
    for name, note in NOTES.items():
        print(f"\n{name}: {note}")
    print(f"python {sys.version.split()[0]}; {os.cpu_count()} cores, shared: figures are noisy")
    return 0


if __name__ == "__main__":
    sys.exit(main())

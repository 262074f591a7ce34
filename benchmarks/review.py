"""Benchmark: a talent review of a 1,000,000-row workforce file.

Measures, in the same run and on the same generated file, each in a fresh process:

  (a) floor   - a bare ``csv.reader`` pass over the file;
  (b) pandas  - ``pandas.read_csv`` + ``pandas.crosstab`` (what an analyst would use instead);
  (c) apsperf - ``import apsperf`` + read, segment and review the file.

Targets: (c) at most 1.5x (a) and faster than (b); peak RSS of (c) below that of (b).
Prints the medians, the ratios and whether each target is met (on median wall-clock time;
CPU time and the median of the ratios of runs made side by side are shown beside them).
Machines are shared and noisy, so this is a benchmark to read, not a test; ``--check``
makes it exit 1 on a miss.

    python benchmarks/review.py [--rows 1000000] [--repeat 3] [--shuffled] [--check]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROGRAMS = {
    "floor": """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.reader(f):
        pass
""",
    "pandas": """
import sys
import pandas as pd
frame = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
table = pd.crosstab(frame["performance"], frame["potential"])
assert int(table.to_numpy().sum()) == len(frame)
""",
    "apsperf": """
import sys
from apsperf.segmentation import read_workforce, review
workforce = read_workforce(sys.argv[1])
result = review(workforce)
assert result.rows_placed == len(workforce)
""",
}
FOOTER = """
import json
# VmHWM is this process's own peak (ru_maxrss would include the parent's before exec).
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"maxrss_kib": peak}))
"""

DIVISIONS = [f"Division {n}" for n in range(1, 13)]
CLASSIFICATIONS = [
    "APS 1",
    "APS 2",
    "APS 3",
    "APS 4",
    "APS 5",
    "APS 6",
    "EL 1",
    "EL 2",
    "SES Band 1",
]
LOCATIONS = ["Canberra", "Sydney", "Melbourne", "Brisbane", "Adelaide", "Perth", "Hobart", "Darwin"]
LEVELS = ["Low", "Moderate", "High"]


def generate(path: Path, rows: int, seed: int = 1, shuffled: bool = False) -> None:
    """Write a synthetic workforce: id, three grouping columns, performance, potential.

    Identifiers ascend, as in most HR-system exports, unless ``shuffled``.
    """
    rng = random.Random(seed)
    numbers = list(range(rows))
    if shuffled:
        rng.shuffle(numbers)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            ["employee_id", "division", "classification", "location", "performance", "potential"]
        )
        for n in numbers:
            writer.writerow(
                [
                    f"E{n:07d}",
                    rng.choice(DIVISIONS),
                    rng.choice(CLASSIFICATIONS),
                    rng.choice(LOCATIONS),
                    rng.choices(LEVELS, (1, 6, 3))[0],
                    rng.choices(LEVELS, (25, 55, 20))[0],
                ]
            )


def run(name: str, path: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one fresh process running ``name``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PROGRAMS[name] + FOOTER, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr}")
    rss = json.loads(done.stdout.strip().splitlines()[-1])["maxrss_kib"] / 1024
    return elapsed, cpu, rss


def compile_apsperf() -> None:
    """Compile apsperf's modules to bytecode first, as ``pip install`` does.

    An editable install run with ``PYTHONDONTWRITEBYTECODE`` set would otherwise compile
    every module from source in every fresh process, which no installed copy does.
    """
    import compileall

    import apsperf

    compileall.compile_dir(Path(apsperf.__file__).parent, quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--file", type=Path, help="use (or keep) this workforce file")
    parser.add_argument(
        "--shuffled",
        action="store_true",
        help="generate identifiers in random order instead of ascending",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    names = ["floor", "apsperf"]
    try:
        import pandas  # noqa: F401

        names.insert(1, "pandas")
    except ImportError:
        print("pandas is not installed: (b) is skipped (pip install 'apsperf[pandas]')")

    compile_apsperf()
    with tempfile.TemporaryDirectory() as scratch:
        path = args.file or Path(scratch) / "workforce.csv"
        if not path.exists():
            order = "shuffled" if args.shuffled else "ascending"
            print(f"generating {args.rows:,} rows ({order} identifiers) ...", flush=True)
            generate(path, args.rows, shuffled=args.shuffled)
        print(f"file: {path} ({path.stat().st_size / 2**20:.1f} MiB)")
        times: dict[str, list[float]] = {n: [] for n in names}
        cpus: dict[str, list[float]] = {n: [] for n in names}
        peaks: dict[str, list[float]] = {n: [] for n in names}
        for _ in range(args.repeat):
            for name in names:  # interleaved, so drifting load hits every program alike
                elapsed, cpu, rss = run(name, path)
                times[name].append(elapsed)
                cpus[name].append(cpu)
                peaks[name].append(rss)

    median = {n: statistics.median(t) for n, t in times.items()}
    cpu = {n: statistics.median(t) for n, t in cpus.items()}
    peak = {n: max(p) for n, p in peaks.items()}
    print(f"\n{'program':<8} {'median s':>8} {'CPU s':>6} {'peak MiB':>8}  wall-clock runs (s)")
    for name in names:
        runs = " ".join(f"{t:.2f}" for t in times[name])
        print(f"{name:<8} {median[name]:>8.2f} {cpu[name]:>6.2f} {peak[name]:>8.0f}  {runs}")

    def line(label: str, over: str, under: str, target: float, strict: bool) -> bool:
        ratio = median[over] / median[under]
        met = ratio < target if strict else ratio <= target
        paired = statistics.median(a / b for a, b in zip(times[over], times[under], strict=True))
        print(
            f"{label:<15} {ratio:5.2f}x  target {'<' if strict else '<='} {target:.2f}x  "
            f"{'met' if met else 'MISSED':<6}  (CPU {cpu[over] / cpu[under]:.2f}x, "
            f"paired runs {paired:.2f}x)"
        )
        return met

    print()
    verdicts = [line("(c)/(a) time", "apsperf", "floor", 1.5, strict=False)]
    if "pandas" in names:
        verdicts.append(line("(c)/(b) time", "apsperf", "pandas", 1.0, strict=True))
        memory = peak["apsperf"] / peak["pandas"]
        verdicts.append(memory < 1.0)
        print(
            f"{'(c)/(b) memory':<15} {memory:5.2f}x  target <  1.00x  "
            f"{'met' if verdicts[-1] else 'MISSED'}"
        )
    return 1 if args.check and not all(verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())

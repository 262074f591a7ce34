"""Start-up cost of ``import apsperf`` against its floor, ``import attrs, cattrs``.

Runs both imports in fresh interpreters, alternating which goes first so that disk caches
and CPU frequency changes affect both alike, and compares the medians. The target is that
``import apsperf`` takes at most 1.5 times as long as ``import attrs, cattrs``.

Then lists what ``import apsperf`` loads beyond the baseline (from ``python -X importtime``),
slowest first, so that a regression can be traced to the module that caused it.

    python benchmarks/startup.py            # report only
    python benchmarks/startup.py --check    # exit 1 when the ratio is over the target
    python benchmarks/startup.py -n 50      # more runs for steadier medians
    python benchmarks/startup.py --also apsperf.guides   # a subpackage too, for information
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

TARGET = 1.5
BASELINE = "import attrs, cattrs"
SUBJECT = "import apsperf"


def run_once(code: str) -> float:
    """Seconds for one fresh interpreter to run ``code``."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def measure(runs: int) -> tuple[list[float], list[float]]:
    """``runs`` timings of the baseline and of the subject, interleaved."""
    run_once(BASELINE)
    run_once(SUBJECT)
    baseline: list[float] = []
    subject: list[float] = []
    for index in range(runs):
        if index % 2:
            subject.append(run_once(SUBJECT))
            baseline.append(run_once(BASELINE))
        else:
            baseline.append(run_once(BASELINE))
            subject.append(run_once(SUBJECT))
    return baseline, subject


def import_times(code: str) -> dict[str, tuple[int, int]]:
    """Module name -> (self, cumulative) import time in microseconds, from -X importtime."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, tuple[int, int]] = {}
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "[us]" in line:
            continue
        self_us, cumulative_us, name = line.removeprefix("import time:").split("|", 2)
        found[name.strip()] = (int(self_us), int(cumulative_us))
    return found


def extra_imports(top: int) -> None:
    """Print the modules ``import apsperf`` loads that the baseline does not."""
    baseline = import_times(BASELINE)
    subject = import_times(SUBJECT)
    extra = {name: times for name, times in subject.items() if name not in baseline}
    total_ms = sum(self_us for self_us, _ in extra.values()) / 1000
    print(
        f"\n`{SUBJECT}` loads {len(extra)} modules beyond `{BASELINE}` "
        f"({total_ms:.1f} ms of their own import time):"
    )
    slowest = sorted(extra.items(), key=lambda item: item[1][0], reverse=True)[:top]
    print(f"  {'self ms':>8} {'cumul ms':>8}  module")
    for name, (self_us, cumulative_us) in slowest:
        print(f"  {self_us / 1000:8.2f} {cumulative_us / 1000:8.2f}  {name}")
    third_party = sorted({name.split(".")[0] for name in extra if not name.startswith("apsperf")})
    print("  non-apsperf packages among them: " + (", ".join(third_party) or "none"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=20, help="runs of each (default 20)")
    parser.add_argument(
        "--check", action="store_true", help=f"exit 1 when the ratio exceeds {TARGET}"
    )
    parser.add_argument("--top", type=int, default=15, help="modules to list (default 15)")
    parser.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="MODULE",
        help="also time `import MODULE` against the baseline, for information (repeatable, "
        "e.g. --also apsperf.segmentation)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    baseline, subject = measure(args.runs)
    base_ms = statistics.median(baseline) * 1000
    subject_ms = statistics.median(subject) * 1000
    ratio = subject_ms / base_ms
    verdict = "within" if ratio <= TARGET else "OVER"
    print(f"python {sys.version.split()[0]}, {args.runs} alternating runs each, medians:")
    print(f"  {BASELINE:<30} {base_ms:8.1f} ms")
    print(f"  {SUBJECT:<30} {subject_ms:8.1f} ms")
    print(f"  ratio {ratio:.2f}x ({verdict} the {TARGET}x target)")
    for module in args.also:
        code = f"import {module}"
        times = [run_once(code) for _ in range(max(3, args.runs // 2))]
        also_ms = statistics.median(times) * 1000
        print(f"  {code:<30} {also_ms:8.1f} ms  ({also_ms / base_ms:.2f}x, for information)")
    extra_imports(args.top)
    return 1 if args.check and ratio > TARGET else 0


if __name__ == "__main__":
    sys.exit(main())

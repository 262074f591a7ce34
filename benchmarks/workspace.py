"""Benchmark: the council workspace's API at 5,000 and 190,000 people (issue 28, Speed).

Generates, from a seed, the proposals and the council's changes of ``benchmarks/council.py``
(an HRIS export of N people, 13 columns, about N/10 assessors, changes for 1% of the
people), records the changes as a session document, and starts the real workspace on them,
as a council would find it late in a meeting:

    apsperf council PROPOSED --session SESSION --store STORE --fairness Gender --no-browser

(uvicorn on 127.0.0.1, a SQLite store on disk, every change committed before it is
acknowledged). Then drives its HTTP API with one keep-alive client, as the page does:

  start          from launching the command to its first answer (read, index, first report);
  page load      the page, its five files, ``GET /api/state`` and ``GET /api/grid``: cold
                 (the first) and warm (the rest);
  move           ``POST /api/changes`` of a random person to a random other box, with the
                 version the client holds, until acknowledged;
  undo           ``POST /api/changes/{entry}/reverse`` of one of those moves;
  panels         ``GET /api/panels`` right after a change (computed for the new version);
  move, checks computing   a move made while another tab's checks are being computed;
  grid, people   searches, filters and pages (``GET /api/grid``, ``GET /api/people``).

Prints the median and 95th percentile of each, then the issue's targets with PASS or MISS:
a move acknowledged in at most 100 ms at the 95th percentile, the panels refreshed in at
most 1 s (95th percentile) and the first page load in at most 2 s, at the largest size. A
report, never an exit failure; the machine may be shared, so read medians over several
runs. A script to run by hand, not part of CI.

    python benchmarks/workspace.py --quick          # 5,000 people only: seconds
    python benchmarks/workspace.py                  # 5,000 and 190,000: a minute or two
    python benchmarks/workspace.py --dir /tmp/ws    # keep (and reuse) generated files
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from council import files  # benchmarks/ is not a package: see sys.path above

SEGMENTS = (
    "top-talent",
    "high-achiever",
    "proven-performer",
    "emerging-potential",
    "well-placed",
    "solid-contributor",
    "unrealised-potential",
    "uncertain",
    "strongest-concern",
)
STATIC = ("council.css", "council.js", "api.js", "grid.js", "panels.js")
TARGETS = {"move": 0.100, "panels": 1.0, "page load (cold)": 2.0}
"""The issue's targets, in seconds: the 95th percentile of a move and of the panels, and
the first (cold) page load, at the largest size."""

Times = dict[str, list[float]]


def session_document(proposed: Path, changes: Path, target: Path) -> int:
    """Record the changes as a session on the proposals and save it; how many entries."""
    from apsperf.segmentation import read_changes, read_workforce
    from apsperf.segmentation.model._session import CalibrationSession
    from apsperf.serialization import to_json

    workforce = read_workforce(proposed, keep=None)
    session = CalibrationSession.start(workforce, name=proposed.name)
    session = session.record(read_changes(changes), workforce)
    target.write_text(to_json(session) + "\n", encoding="utf-8")
    return len(session.entries)


class Workspace:
    """The real ``apsperf council`` command, started on the files, and a client for it."""

    def __init__(self, proposed: Path, session: Path, store: Path) -> None:
        import httpx

        started = time.perf_counter()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "apsperf",
                "council",
                str(proposed),
                "--session",
                str(session),
                "--store",
                str(store),
                "--fairness",
                "Gender",
                "--chair",
                "Benchmark",
                "--no-browser",
                "--port",
                "0",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        first = self.process.stdout.readline()
        if not first.startswith("Council workspace: "):
            self.process.kill()
            _out, err = self.process.communicate()
            raise SystemExit(f"the workspace did not start: {first}{err[-2000:]}")
        self.url = first.split(": ", 1)[1].strip()
        self.base, self.token = self.url.split("?token=")
        headers = {"Authorization": f"Bearer {self.token}"}
        self.client = httpx.Client(headers=headers, timeout=120)
        self.other = httpx.Client(headers=headers, timeout=120)
        self.get("api/state")
        self.started = time.perf_counter() - started

    def get(self, path: str, _other: bool = False, **params: Any) -> Any:
        client = self.other if _other else self.client  # another tab: its own connection
        answer = client.get(self.base + path, params=params)
        answer.raise_for_status()
        return answer.json() if "json" in answer.headers["content-type"] else answer.content

    def post(self, path: str, body: dict[str, Any]) -> Any:
        answer = self.client.post(self.base + path, json=body)
        answer.raise_for_status()
        return answer.json()

    def close(self) -> None:
        import signal

        self.client.close()
        self.other.close()
        self.process.send_signal(signal.SIGINT)
        self.process.communicate(timeout=60)


def timed(times: Times, name: str, work: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = work()
    times.setdefault(name, []).append(time.perf_counter() - start)
    return result


def page_load(workspace: Workspace) -> None:
    """What the page fetches before it shows the boxes (a browser fetches the files at once)."""
    answer = workspace.client.get(workspace.url)  # with the token: sets the cookie
    answer.raise_for_status()
    for name in STATIC:
        workspace.client.get(f"{workspace.base}static/{name}").raise_for_status()
    workspace.get("api/state")
    workspace.get("api/grid", view="proposed")


def drive(workspace: Workspace, people: list[str], moves: int, seed: int) -> Times:
    """Page loads, moves with the panels after some, undos, and grid queries."""
    rng = random.Random(seed)
    times: Times = {}
    timed(times, "page load (cold)", lambda: page_load(workspace))
    for _ in range(5):
        timed(times, "page load (warm)", lambda: page_load(workspace))
    state = workspace.get("api/state")
    version = state["version"]
    division = state["filters"]["columns"]["Division"][0]
    made: list[int] = []
    for index in range(moves):
        person = rng.choice(people)
        body = {
            "employee_id": person,
            "to": rng.choice(SEGMENTS),
            "reason": f"Moderated against peers (benchmark move {index + 1})",
            "expected_version": version,
        }
        done = timed(times, "move", lambda body=body: workspace.post("api/changes", body))
        version = done["version"]
        made.append(done["entry"])
        if index % 5 == 0:  # the page asks for the panels after every change
            timed(times, "panels", lambda: workspace.get("api/panels"))
        if index % 10 == 9:
            entry = made.pop(rng.randrange(len(made)))
            undo = {"reason": "Misheard", "expected_version": version}
            done = timed(
                times,
                "undo",
                lambda entry=entry, undo=undo: workspace.post(f"api/changes/{entry}/reverse", undo),
            )
            version = done["version"]
    # A move made while another tab's checks are being computed for the version before.
    for index in range(20):
        watcher = threading.Thread(target=lambda: workspace.get("api/panels", _other=True))
        watcher.start()
        time.sleep(0.05)  # the checks are under way
        body = {
            "employee_id": rng.choice(people),
            "to": rng.choice(SEGMENTS),
            "reason": f"Moved while the checks were computed ({index + 1})",
        }
        timed(
            times, "move, checks computing", lambda body=body: workspace.post("api/changes", body)
        )
        watcher.join()
    assessor = next(
        c["assessor"]
        for b in workspace.get("api/grid")["boxes"]
        for c in b["cards"]
        if c["assessor"]
    )
    queries: list[tuple[str, str, dict[str, Any]]] = [
        ("grid, calibrated", "api/grid", {"view": "calibrated"}),
        ("grid, one box's page 50", "api/grid", {"box": "well-placed", "page": 50}),
        ("grid, search a surname", "api/grid", {"view": "calibrated", "q": "smi"}),
        ("grid, search a letter", "api/grid", {"q": "e"}),
        ("grid, filter a division", "api/grid", {"group": f"Division:{division}"}),
        ("grid, filter an assessor", "api/grid", {"assessor": assessor}),
        ("people, a box from 1,000", "api/people", {"segment": "top-talent", "offset": 1000}),
        ("people, search, 500", "api/people", {"q": "an", "limit": 500}),
        ("state", "api/state", {}),
    ]
    for _ in range(5):
        for name, path, params in queries:
            timed(times, name, lambda path=path, params=params: workspace.get(path, **params))
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def report(times: Times) -> None:
    print(f"  {'measure':<28} {'runs':>5} {'median ms':>10} {'p95 ms':>9} {'max ms':>9}")
    for name, values in times.items():
        print(
            f"  {name:<28} {len(values):>5} {statistics.median(values) * 1000:>10.1f} "
            f"{percentile(values, 0.95) * 1000:>9.1f} {max(values) * 1000:>9.1f}"
        )


def targets(times: Times, people: int) -> None:
    print(f"\ntargets of issue 28, {people:,} people:")
    checks = (
        ("a move acknowledged, p95 <= 100 ms", "move", 0.95),
        ("the panels refreshed, p95 <= 1 s", "panels", 0.95),
        ("the first page load <= 2 s", "page load (cold)", 1.0),
    )
    for text, name, share in checks:
        value = percentile(times[name], share)
        verdict = "PASS" if value <= TARGETS[name] else "MISS"
        print(f"  {text:<40} {value * 1000:>9.1f} ms  {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5,000 people only")
    parser.add_argument("--sizes", help="people, e.g. 5000,190000 (default)")
    parser.add_argument("--moves", type=int, default=200, help="moves timed per size")
    parser.add_argument("--dir", type=Path, help="keep generated files here (and reuse them)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated files")
    args = parser.parse_args()
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
    else:
        sizes = [5_000] if args.quick else [5_000, 190_000]
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.dir or Path(scratch)
        for size in sizes:
            found = files(folder, size, args.seed)
            session = Path(scratch) / f"session-{size}.json"
            entries = session_document(found.proposed, found.changes, session)
            store = Path(scratch) / f"council-{size}.sqlite"
            print(
                f"\n{size:,} people; a session of {entries:,} entries; proposals "
                f"{found.proposed.stat().st_size / 2**20:.1f} MiB"
            )
            workspace = Workspace(found.proposed, session, store)
            try:
                print(f"  started and answering in {workspace.started:.1f} s")
                people = [
                    c["employee_id"]
                    for b in workspace.get("api/grid", size=200)["boxes"]
                    for c in b["cards"]
                ]
                times = drive(workspace, people, args.moves, args.seed)
            finally:
                workspace.close()
            report(times)
            targets(times, size)
    print(f"\npython {sys.version.split()[0]}; {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: reading ``.xlsx`` workforce files, realistic and hostile (issue 25).

Builds each workbook once (into ``--dir``), then reads each with ``read_workforce`` in a
fresh process and prints the wall-clock seconds and the peak RSS of that process (from
``resource.getrusage``), beside the RSS of a process that only imports apsperf.

Workbooks:

  realistic    190,000 people (Employee ID as a number formatted ``000000``, Name, Division,
               Performance, Potential, Assessor, Assessed on), written by openpyxl in
               write-only mode, as an export is;
  realistic-sst  the same with its text in a shared-strings part, as Excel saves it;
  base         20,000 rows written the same way;
  xfd          ``base`` with one blank styled cell at column XFD on every row;
  tiny         10 rows written the same way;
  sst-tail     ``tiny`` with 4,000,000 unused shared strings after the used ones;
  sst-front    the same, with the unused strings before the used ones (references shifted);
  whitespace   ``tiny`` with 20 MB of white space in the sheet's XML.

The machine is shared, so the figures are noisy: compare ratios, not single runs. A script
to run by hand, not part of CI.

    python benchmarks/xlsx_read.py --dir /tmp/xlsx-bench            # build (once) and read
    python benchmarks/xlsx_read.py --dir /tmp/xlsx-bench --only xfd base --repeat 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

HEADER = ["Employee ID", "Name", "Division", "Performance", "Potential", "Assessor", "Assessed on"]
LEVELS = ["Low", "Moderate", "High"]
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"

READ = """
import resource, sys, time
from apsperf.segmentation import read_workforce
start = time.perf_counter()
error = ""
try:
    people = read_workforce(sys.argv[1])
    placed = people.rows_placed
except Exception as exc:
    placed = -1
    error = str(exc)[:150]
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"{seconds:.2f} s, peak {peak} MB, {placed} placed {error}")
"""

IMPORT_ONLY = """
import resource
import apsperf.segmentation
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def realistic(path: Path, rows: int) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    rng = random.Random(25)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("People")
    sheet.append(HEADER)
    divisions = [f"Division {n}" for n in range(12)]
    assessors = [f"Assessor {n:04d}" for n in range(2_000)]
    first = dt.date(2025, 1, 1)
    for n in range(rows):
        number = WriteOnlyCell(sheet, value=100_000 + n * 3)
        number.number_format = "000000"
        when = WriteOnlyCell(sheet, value=first + dt.timedelta(days=rng.randrange(300)))
        when.number_format = "yyyy-mm-dd"
        sheet.append(
            [
                number,
                f"Person {rng.randrange(10**9):09d}",
                rng.choice(divisions),
                rng.choice(LEVELS),
                rng.choice(LEVELS),
                rng.choice(assessors),
                when,
            ]
        )
    book.save(path)


def shared(source: Path, target: Path) -> None:
    """``source`` with its inline strings moved to a shared-strings part, as Excel stores them."""
    index: dict[str, int] = {}

    def ref(match: re.Match[str]) -> str:
        number = index.setdefault(match.group(2), len(index))
        return f'<c r="{match.group(1)}" t="s"><v>{number}</v></c>'

    with zipfile.ZipFile(source) as archive:
        sheet = archive.read(SHEET).decode("utf-8")
    sheet = re.sub(r'<c r="([A-Z]+\d+)" t="inlineStr"><is><t>([^<]*)</t></is></c>', ref, sheet)
    strings = "".join(f"<si><t>{text}</t></si>" for text in index)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    link = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    rewrite(
        source,
        target,
        {
            SHEET: sheet.encode("utf-8"),
            STRINGS: f'<sst xmlns="{main}" count="{len(index)}">{strings}</sst>'.encode(),
            "[Content_Types].xml": lambda x: x.replace(
                b"</Types>",
                f'<Override PartName="/{STRINGS}" ContentType="{kind}"/></Types>'.encode(),
            ),
            "xl/_rels/workbook.xml.rels": lambda x: x.replace(
                b"</Relationships>",
                f'<Relationship Type="{link}" Target="sharedStrings.xml" Id="rId9"/>'
                "</Relationships>".encode(),
            ),
        },
    )


def rewrite(source: Path, target: Path, change: dict[str, object]) -> None:
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    for name, how in change.items():
        members[name] = how(members.get(name, b"")) if callable(how) else how  # type: ignore[assignment]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def pad_xfd(xml: bytes) -> bytes:
    text = xml.decode("utf-8")
    style = re.search(r' s="(\d+)"', text)
    s = style.group(1) if style else "0"
    return re.sub(
        r'<row r="(\d+)"(.*?)</row>',
        lambda m: f'<row r="{m.group(1)}"{m.group(2)}<c r="XFD{m.group(1)}" s="{s}"/></row>',
        text,
        flags=re.S,
    ).encode("utf-8")


def junk_strings(count: int) -> str:
    return "".join(f"<si><t>unused {n % 1000}</t></si>" for n in range(count))


def sst_with_junk(xml: bytes, count: int, front: bool) -> bytes:
    text = xml.decode("utf-8")
    text = re.sub(r' (unique)?[cC]ount="\d+"', "", text)
    at = text.index("<si>") if front else text.index("</sst>")
    return (text[:at] + junk_strings(count) + text[at:]).encode("utf-8")


def shift_refs(xml: bytes, by: int) -> bytes:
    return re.sub(
        rb'(<c [^>]*t="s"[^>]*><v>)(\d+)(</v>)',
        lambda m: m.group(1) + str(int(m.group(2)) + by).encode() + m.group(3),
        xml,
    )


NAMES = ("realistic", "realistic-sst", "base", "xfd", "tiny", "sst-tail", "sst-front", "whitespace")


def build(folder: Path, rows: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / f"{name}.xlsx" for name in NAMES}
    if not paths["realistic"].exists():
        realistic(paths["realistic"], rows)
    if not paths["realistic-sst"].exists():
        shared(paths["realistic"], paths["realistic-sst"])
    for name, count in (("base", 20_000), ("tiny", 10)):
        if not paths[name].exists():
            inline = folder / f"{name}-inline.xlsx"
            realistic(inline, count)
            shared(inline, paths[name])
    if not paths["xfd"].exists():
        rewrite(paths["base"], paths["xfd"], {SHEET: pad_xfd})
    junk = 4_000_000
    if not paths["sst-tail"].exists():
        change = {STRINGS: lambda x: sst_with_junk(x, junk, front=False)}
        rewrite(paths["tiny"], paths["sst-tail"], change)
    if not paths["sst-front"].exists():
        change = {
            SHEET: lambda x: shift_refs(x, junk),
            STRINGS: lambda x: sst_with_junk(x, junk, front=True),
        }
        rewrite(paths["tiny"], paths["sst-front"], change)
    if not paths["whitespace"].exists():

        def spaced(xml: bytes) -> bytes:
            return xml.replace(b"<sheetData>", b"<sheetData>" + b" \n" * 10_000_000, 1)

        rewrite(paths["tiny"], paths["whitespace"], {SHEET: spaced})


def unpacked(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        return sum(member.file_size for member in archive.infolist())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/xlsx-bench"))
    parser.add_argument("--rows", type=int, default=190_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.build_only:
        build(options.dir, options.rows)
        return
    # built in another process: a child starts with its parent's resident size as its peak
    command = [sys.executable, __file__, "--build-only", "--dir", str(options.dir)]
    subprocess.run([*command, "--rows", str(options.rows)], check=True)
    paths = {name: options.dir / f"{name}.xlsx" for name in NAMES}
    idle = subprocess.run(
        [sys.executable, "-c", IMPORT_ONLY], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(f"importing apsperf alone: peak RSS {idle} MB")
    results = {}
    for name, path in paths.items():
        if options.only and name not in options.only:
            continue
        runs = []
        for _ in range(options.repeat):
            try:
                done = subprocess.run(
                    [sys.executable, "-c", READ, str(path)],
                    capture_output=True,
                    text=True,
                    timeout=options.timeout,
                )
                runs.append(done.stdout.strip() or done.stderr.strip()[-200:])
            except subprocess.TimeoutExpired:
                runs.append(f"timed out after {options.timeout:.0f} s")
        size = (
            f"{path.stat().st_size / 1024:,.0f} KB file, {unpacked(path) / 2**20:,.1f} MB unpacked"
        )
        print(f"{name:11} ({size}):", " | ".join(runs))
        results[name] = runs
    print(json.dumps(results))


if __name__ == "__main__":
    main()

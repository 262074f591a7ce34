"""Hostile input: every loader either loads what it was given or raises ValidationError.

For each loader (JSON text, dicts, CSV workforce files, TOML content files and command-line
arguments) Hypothesis feeds malformed, truncated, oversized, wrongly-typed and unicode-tricky
input. The only exception allowed out is :class:`apsperf.ValidationError` (a clean exit
status 2 for the command line), and when a load succeeds no value of the input is lost or
altered. The number of cases run is printed at the end of the test session.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apsperf import ValidationError, testing
from apsperf._ids import _INVISIBLE
from apsperf.cli import main
from apsperf.segmentation import read_workforce
from apsperf.serialization import from_dict, from_json, to_dict

CASES: Counter[str] = Counter()
"""Cases run per loader, reported by tests/conftest.py at the end of the session."""

TRICKY_TEXT = [
    "",
    " ",
    "\x00",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\ud800",
    "e\u0301",
    "Ω" * 3,
    "🧑\u200d💼",
    "=cmd|' /C calc'!A0",
    "<script>alert(1)</script>",
    "null",
    "NaN",
    "1e999",
    "\r\n",
    "\\",
    '"',
    "x" * 100_000,
]
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(TRICKY_TEXT),
    st.text(),
    # (huge integers are put in by test_huge_integers_anywhere_are_validation_errors: Hypothesis
    # cannot show a value of over 4,300 digits when it reports an example)
    st.sampled_from([2**53 + 1, 2**63, "\udfff x", "\x1b]0;title\x07"]),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
MODELS = [m for m in testing.model_classes() if attrs.has(m)]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _mutate(document: dict[str, Any], data: st.DataObject) -> Any:
    mutated = copy.deepcopy(document)
    paths = [p for p in _paths(mutated) if p]
    how = data.draw(st.sampled_from(["replace", "delete", "add", "wrap", "whole"]))
    if how == "whole" or not paths:
        return data.draw(json_values)
    path = data.draw(st.sampled_from(paths))
    parent = mutated
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "replace":
        parent[last] = data.draw(json_values)
    elif how == "delete":
        del parent[last]
    elif how == "add" and isinstance(parent, dict):
        parent[data.draw(st.sampled_from(["extra", "\u202e", "", "schema_version"]))] = data.draw(
            json_values
        )
    else:
        parent[last] = [parent[last]] if how == "wrap" else {"value": parent[last]}
    return mutated


def _kept(original: Any, loaded: Any) -> bool:
    """Every value of ``original`` is in ``loaded`` unchanged (defaults may be added)."""
    if isinstance(original, dict):
        return isinstance(loaded, dict) and all(
            key in loaded and _kept(value, loaded[key]) for key, value in original.items()
        )
    if isinstance(original, list):
        return (
            isinstance(loaded, list)
            and len(original) == len(loaded)
            and all(_kept(a, b) for a, b in zip(original, loaded, strict=True))
        )
    if isinstance(original, float) and isinstance(loaded, float):
        return original == loaded or (math.isnan(original) and math.isnan(loaded))
    return (bool(original == loaded) and type(original) is type(loaded)) or (
        isinstance(original, int)
        and isinstance(loaded, float)
        and original == loaded
        and not isinstance(original, bool)
    )


@pytest.mark.parametrize("model", MODELS, ids=lambda m: f"{m.__module__}.{m.__qualname__}")
@settings(max_examples=40, suppress_health_check=list(HealthCheck), deadline=None)
@given(data=st.data())
def test_mutated_documents_load_faithfully_or_raise_validation_error(
    model: type, data: st.DataObject
) -> None:
    document = to_dict(data.draw(testing.strategy_for(model)))
    hostile = _mutate(document, data)
    CASES["dict and JSON documents"] += 1
    try:
        loaded = from_dict(model, hostile)
    except ValidationError:
        return
    assert _kept(hostile, to_dict(loaded)), "a loaded document lost or altered a value"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: f"{m.__module__}.{m.__qualname__}")
@settings(max_examples=15, suppress_health_check=list(HealthCheck), deadline=None)
@given(data=st.data())
def test_truncated_or_garbled_json_raises_validation_error(
    model: type, data: st.DataObject
) -> None:
    text = json.dumps(to_dict(data.draw(testing.strategy_for(model))), ensure_ascii=False)
    cut = data.draw(st.integers(0, max(len(text) - 1, 0)))
    garbled = data.draw(
        st.sampled_from(
            [
                text[:cut],
                text[:cut] + data.draw(st.sampled_from(TRICKY_TEXT)) + text[cut:],
                text.encode("utf-8")[: cut + 1],
                "[" * 100_000,
                '{"schema_version": NaN}',
                b"\xff\xfe" + text.encode("utf-16-le"),
            ]
        )
    )
    CASES["dict and JSON documents"] += 1
    with contextlib.suppress(ValidationError):
        from_json(model, garbled)


# --- CSV workforce files --------------------------------------------------------------------

csv_cells = st.one_of(
    st.sampled_from(["High", "low", "2", "E1", "E2", "", *TRICKY_TEXT[:-1]]), st.text(max_size=12)
)
csv_texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.lists(csv_cells, min_size=0, max_size=5), max_size=12).map(
        lambda rows: (
            "employee_id,performance,potential,division\n" + "\n".join(",".join(r) for r in rows)
        )
    ),
    st.just("employee_id,performance,potential\n" + "E1,High,Low," + "x" * 200_000 + "\n"),
    st.just('employee_id,performance,potential\n"E1,High,Low\n'),
    st.just("employee_id,performance,potential\nE1,High,Low\x00\n"),
)


@settings(max_examples=300, suppress_health_check=list(HealthCheck), deadline=None)
@given(csv_texts)
def test_any_csv_text_reads_faithfully_or_raises_validation_error(text: str) -> None:
    CASES["CSV workforce files"] += 1
    try:
        workforce = read_workforce(io.StringIO(text, newline=""))
    except ValidationError:
        return
    assert workforce.rows_read == workforce.rows_placed + len(workforce.rejected)
    # Identifiers come back as the reader stores them: NFC, invisible characters removed.
    stored = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    for employee_id in workforce.employee_ids:
        assert employee_id in stored


# --- command-line arguments -----------------------------------------------------------------

WORDS = [
    "segment",
    "review",
    "guide",
    "template",
    "ses",
    "plan",
    "maturity",
    "schema",
    "scale",
    "assess",
    "check",
    "report",
    "render",
    "new",
    "samples",
    "aspiration",
    "self-reflection",
    "top-talent",
    "--format",
    "json",
    "--format",
    "md",
    "html",
    "text",
    "--by",
    "--performance",
    "--potential",
    "high",
    "--behaviours",
    "--outcomes",
    "--sample",
    "--strict",
    "--list",
    "--below",
    "x.json",
    "missing.csv",
    "-",
    "--",
    "\u202e",
    "",
    "--version",
]


@settings(max_examples=200, suppress_health_check=list(HealthCheck), deadline=None)
@given(argv=st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=10)), max_size=6))
def test_any_command_line_exits_cleanly(
    argv: list[str],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    CASES["command lines"] += 1
    cwd = tmp_path_factory.mktemp("cli")
    import os

    here = os.getcwd()
    os.chdir(cwd)
    try:
        with io.StringIO() as sink, _redirect(sink):
            try:
                status = main(argv)
            except SystemExit as exc:
                status = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.chdir(here)
    assert status in (0, 1, 2)


def _redirect(sink: io.StringIO) -> Any:
    import contextlib

    stack = contextlib.ExitStack()
    stack.enter_context(contextlib.redirect_stdout(sink))
    stack.enter_context(contextlib.redirect_stderr(sink))
    return stack


def test_cases_were_counted() -> None:
    assert Path(__file__).exists()


# --- TOML content files ---------------------------------------------------------------------


def _toml_loaders() -> list[tuple[str, Path, Any]]:
    from apsperf import agreements, guides, maturity

    package = Path(guides.__file__).resolve().parent.parent
    return [
        (
            "career conversations",
            package / "guides" / "content" / "aps-guide-to-career-conversations.toml",
            guides.load_career_conversations,
        ),
        (
            "aspiration guide",
            package / "guides" / "content" / "aps-aspiration-career-conversation-guide.toml",
            guides.load_aspiration,
        ),
        (
            "ACTPS guide",
            package / "guides" / "content" / "actps-leading-performance-and-development.toml",
            guides.load_leadership,
        ),
        (
            "guide overlay",
            package / "guides" / "content" / "aps-guide-to-career-conversations.toml",
            guides.load_overlay,
        ),
        ("maturity scale", package / "maturity" / "default_scale.toml", maturity.load_scale),
        (
            "SES rating scales",
            package / "agreements" / "content" / "ses-default-rating-scales.toml",
            agreements.load_scales,
        ),
        (
            "plan template",
            package
            / "agreements"
            / "content"
            / "tas-senior-executive-performance-management-plan.toml",
            agreements.load_plan_template,
        ),
    ]


TOML_LOADERS = _toml_loaders()


@pytest.mark.parametrize(
    ("name", "original", "load"), TOML_LOADERS, ids=[n for n, _, _ in TOML_LOADERS]
)
@settings(max_examples=25, suppress_health_check=list(HealthCheck), deadline=None)
@given(data=st.data())
def test_damaged_toml_content_raises_validation_error(
    name: str,
    original: Path,
    load: Any,
    data: st.DataObject,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    text = original.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    how = data.draw(st.sampled_from(["truncate", "drop-line", "garble-line", "insert", "bytes"]))
    index = data.draw(st.integers(0, len(lines) - 1))
    tricky = data.draw(st.sampled_from(TRICKY_TEXT[:-1]) | st.text(max_size=20))
    if how == "truncate":
        damaged: str | bytes = text[: data.draw(st.integers(0, len(text)))]
    elif how == "drop-line":
        damaged = "".join(lines[:index] + lines[index + 1 :])
    elif how == "garble-line":
        damaged = "".join([*lines[:index], tricky + "\n", *lines[index + 1 :]])
    elif how == "insert":
        damaged = "".join([*lines[:index], f'junk = "{tricky}"\n', *lines[index:]])
    else:
        damaged = b"\xff\xfe\x00" + text.encode("utf-16-le")[:200]
    path = tmp_path_factory.mktemp("toml") / original.name
    if isinstance(damaged, bytes):
        path.write_bytes(damaged)
    else:  # a lone surrogate becomes invalid UTF-8, which is hostile input too
        path.write_bytes(damaged.encode("utf-8", "surrogatepass"))
    CASES["TOML content files"] += 1
    with contextlib.suppress(ValidationError):
        load(path)


# --- .xlsx workbooks ------------------------------------------------------------------------

XLSX_CELLS = st.one_of(
    st.none(),
    # text starting "=" is a formula to openpyxl, with no cached value (docs/untrusted-input.md)
    st.sampled_from(["high", "Low", "moderate", "superb", "", " ", "+1", "\u202e", "E1"]),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(),
)
XLSX_ROWS = st.lists(st.lists(XLSX_CELLS, max_size=6), max_size=12)


def _xlsx_damages() -> st.SearchStrategy[Any]:
    import re

    def stale(ref: str) -> Any:
        return lambda xml: re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', xml)

    return st.one_of(
        st.just(None),
        st.sampled_from(["A1:A1", "A1:C2", "B2:B2", "A1:Z9999"]).map(stale),
        st.integers(0, 2000).map(lambda cut: lambda xml: xml[:cut]),
        st.just(
            lambda xml: (
                '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaaaa">'
                '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + xml.split("?>", 1)[-1]
            )
        ),
        st.just(lambda xml: xml.replace("<row ", "<row r='99999999999999999999' ", 1)),
    )


@settings(max_examples=40, suppress_health_check=list(HealthCheck), deadline=None)
@given(rows=XLSX_ROWS, damage=_xlsx_damages())
def test_any_xlsx_reads_every_stored_row_or_raises_validation_error(
    rows: list[list[Any]], damage: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import zipfile

    import openpyxl

    CASES[".xlsx workbooks"] += 1
    folder = tmp_path_factory.mktemp("xlsx")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Employee ID", "Performance", "Potential", "Division"])
    for number, row in enumerate(rows, 2):
        for column, value in enumerate(row, 1):
            sheet.cell(row=number, column=column, value=value)
    path = folder / "wf.xlsx"
    book.save(path)
    if damage is not None:
        with zipfile.ZipFile(path) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        name = "xl/worksheets/sheet1.xml"
        members[name] = damage(members[name].decode("utf-8")).encode("utf-8")
        with zipfile.ZipFile(path, "w") as archive:
            for member, data in members.items():
                archive.writestr(member, data)
    try:
        workforce = read_workforce(path)
    except ValidationError:
        return
    assert workforce.rows_read == workforce.rows_placed + len(workforce.rejected)
    if damage is None or "dimension" in repr(damage.__code__.co_consts):
        stored = [r for r in rows if any(c is not None and str(c).strip() for c in r)]
        assert workforce.rows_read == len(stored)  # no stored row vanishes


# --- output folders -------------------------------------------------------------------------


@settings(max_examples=40, suppress_health_check=list(HealthCheck), deadline=None)
@given(
    names=st.lists(st.sampled_from(["a.md", "b.md", "c.md", "index.csv"]), min_size=1, unique=True),
    states=st.lists(
        st.sampled_from(["absent", "file", "symlink", "hardlink", "dangling"]),
        min_size=4,
        max_size=4,
    ),
    force=st.booleans(),
)
def test_folder_writes_never_touch_anything_through_a_link(
    names: list[str], states: list[str], force: bool, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import os

    from apsperf._files import write_files

    CASES["output folders"] += 1
    root = tmp_path_factory.mktemp("out")
    victim = root / "victim.txt"
    victim.write_text("precious", "utf-8")
    folder = root / "packs"
    folder.mkdir()
    for name, state in zip(["a.md", "b.md", "c.md", "index.csv"], states, strict=True):
        target = folder / name
        if state == "file":
            target.write_text("old", "utf-8")
        elif state == "symlink":
            target.symlink_to(victim)
        elif state == "hardlink":
            os.link(victim, target)
        elif state == "dangling":
            target.symlink_to(root / "nowhere")
    before = {
        p.name: (p.is_symlink(), p.read_text("utf-8") if p.exists() else None)
        for p in folder.iterdir()
    }
    try:
        write_files(folder, {name: "new" for name in names}, force=force)
    except ValidationError:
        after = {
            p.name: (p.is_symlink(), p.read_text("utf-8") if p.exists() else None)
            for p in folder.iterdir()
        }
        assert after == before  # a refused set changes nothing
    assert victim.read_text("utf-8") == "precious"
    assert not (root / "nowhere").exists()


# --- look-alike identifiers and terminal output ---------------------------------------------

INVISIBLE = st.sampled_from(["\ufeff", "\u200b", "\u200d", "\u200e", "\u2060", "\u00a0", " "])


@settings(max_examples=100, suppress_health_check=list(HealthCheck), deadline=None)
@given(
    base=st.text(st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=8),
    before=st.lists(INVISIBLE, max_size=2),
    after=st.lists(INVISIBLE, max_size=2),
    decomposed=st.booleans(),
)
def test_look_alike_identifiers_are_one_person(
    base: str, before: list[str], after: list[str], decomposed: bool
) -> None:

    CASES["look-alike identifiers"] += 1
    plain = unicodedata.normalize("NFC", base)
    other = (
        "".join(before)
        + unicodedata.normalize("NFD" if decomposed else "NFC", base)
        + "".join(after)
    )
    if "," in plain or '"' in plain:
        return
    text = f"Employee ID,Performance,Potential\n{plain},high,high\n{other},low,low\n"
    workforce = read_workforce(io.StringIO(text, newline=""))
    assert workforce.rows_placed == 1
    assert [r.line for r in workforce.rejected] == [3]


@settings(max_examples=60, suppress_health_check=list(HealthCheck), deadline=None)
@given(cell=st.text(st.characters(max_codepoint=0x2070), max_size=12))
def test_terminal_output_carries_no_control_characters(
    cell: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from apsperf._terminal import _UNSAFE

    CASES["terminal output"] += 1
    path = tmp_path_factory.mktemp("term") / "wf.csv"
    safe = cell.replace("\n", " ").replace("\r", " ").replace('"', "'").replace(",", ";")
    path.write_text(f"Employee ID,Performance,Potential,Division\nE1,{safe},high,{safe}\n", "utf-8")
    for argv in (
        ["review", str(path)],
        ["review", str(path), "--by", "Division"],
        ["review", str(path), "--strict"],
    ):
        with io.StringIO() as sink, _redirect(sink):
            main(argv)
            shown = sink.getvalue()
        assert not _UNSAFE.search(shown.replace("\n", "").replace("\t", ""))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: f"{m.__module__}.{m.__qualname__}")
@settings(max_examples=10, suppress_health_check=list(HealthCheck), deadline=None)
@given(data=st.data())
def test_huge_integers_anywhere_are_validation_errors(model: type, data: st.DataObject) -> None:
    document = to_dict(data.draw(testing.strategy_for(model)))
    paths = [p for p in _paths(document) if p]
    if not paths:
        return
    CASES["huge integers"] += 1
    path = data.draw(st.sampled_from(paths))
    parent: Any = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = data.draw(st.sampled_from([1, -1])) * 10**5000
    with pytest.raises(ValidationError):
        from_dict(model, document)

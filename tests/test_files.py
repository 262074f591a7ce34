from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apsperf import ValidationError
from apsperf._files import MAX_NAME_BYTES, display_path, safe_name_problem, write_file, write_files


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".apsperf-tmp"))


def test_named_file_is_written_and_replaced_atomically(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    write_file(target, "first")
    write_file(target, "second")
    assert target.read_text("utf-8") == "second"
    assert leftovers(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.md"
    target.write_text("kept", "utf-8")

    def broken(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(ValidationError, match="No space left"):
        write_file(target, "x" * 10_000)
    assert target.read_text("utf-8") == "kept"
    assert leftovers(tmp_path) == []


def test_symbolic_links_are_never_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", "utf-8")
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "E1.md").symlink_to(victim)
    for replace in (True, False):
        with pytest.raises(ValidationError, match="symbolic link"):
            write_file(folder / "E1.md", "overwritten", replace=replace)
    with pytest.raises(ValidationError, match="symbolic link"):
        write_files(folder, {"E1.md": "overwritten"}, force=True)
    (folder / "dangling.md").symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(ValidationError, match="symbolic link"):
        write_file(folder / "dangling.md", "x")
    assert victim.read_text("utf-8") == "precious"
    assert not (tmp_path / "nowhere.txt").exists()


def test_hard_links_are_never_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", "utf-8")
    os.link(victim, tmp_path / "alias.txt")
    with pytest.raises(ValidationError, match="hard links"):
        write_file(tmp_path / "alias.txt", "overwritten")
    assert victim.read_text("utf-8") == "precious"


def test_folder_writes_never_replace_without_force(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("old", "utf-8")
    with pytest.raises(ValidationError, match=r"already exist.*--force"):
        write_files(tmp_path, {"a.md": "new a", "b.md": "new b"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.md"]
    assert (tmp_path / "b.md").read_text("utf-8") == "old"
    write_files(tmp_path, {"a.md": "new a", "b.md": "new b"}, force=True)
    assert (tmp_path / "b.md").read_text("utf-8") == "new b"


def test_a_bad_name_writes_nothing(tmp_path: Path) -> None:
    files = {"E1.md": "1", "E2.md": "2", "x" * 300 + ".md": "3"}
    with pytest.raises(ValidationError, match="at most 255"):
        write_files(tmp_path / "packs", files)
    assert not (tmp_path / "packs").exists() or list((tmp_path / "packs").iterdir()) == []


def test_a_failure_part_way_removes_what_this_call_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_link = os.link
    calls = []

    def failing_third(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 3:
            raise OSError(5, "Input/output error")
        real_link(source, target)

    monkeypatch.setattr(os, "link", failing_third)
    with pytest.raises(ValidationError, match=r"nothing was written \(2 new"):
        write_files(tmp_path, {f"E{n}.md": str(n) for n in range(7)})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "name", ["", ".", "..", "a/b", "a\\b", "a\x00b", "é" * 128, "\ud800.md"]
)  # outside-path: hostile input
def test_unsafe_names_are_named(name: str) -> None:
    assert safe_name_problem(name) is not None


@given(st.text(min_size=1, max_size=60).filter(lambda s: "/" not in s and "\\" not in s))
def test_accepted_names_stay_inside_the_folder(name: str) -> None:
    problem = safe_name_problem(name)
    if problem is None:
        assert Path(name).name == name and name not in (".", "..")
        assert len(name.encode("utf-8")) <= MAX_NAME_BYTES


def test_undecodable_file_names_are_shown_safely(tmp_path: Path) -> None:
    name = os.fsdecode(b"report-\xff.html")
    shown = display_path(tmp_path / name)
    assert shown.endswith("report-\\xff.html")
    shown.encode("utf-8")
    target = write_file(tmp_path / name, "ok")
    assert target.read_text("utf-8") == "ok"


def test_wrong_data_type_is_a_type_error(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="str or bytes"):
        write_file(tmp_path / "x", 42)  # type: ignore[arg-type]


def test_text_with_lone_surrogates_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="not valid Unicode"):
        write_file(tmp_path / "x.md", "bad \ud800 text")
    assert list(tmp_path.iterdir()) == []


# --- permissions ----------------------------------------------------------------------------


@pytest.fixture
def umask() -> Iterator[Callable[[int], int]]:
    original = os.umask(0o022)
    os.umask(original)
    yield os.umask
    os.umask(original)


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644, 0o444])
def test_a_replaced_file_keeps_its_permissions(
    mode: int, tmp_path: Path, umask: Callable[[int], int]
) -> None:
    umask(0o022)
    target = tmp_path / "private.csv"
    target.write_text("old", "utf-8")
    target.chmod(mode)
    write_file(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    (tmp_path / "set").mkdir()
    member = tmp_path / "set" / "a.md"
    member.write_text("old", "utf-8")
    member.chmod(mode)
    write_files(tmp_path / "set", {"a.md": "new", "b.md": "new"}, force=True)
    assert stat.S_IMODE(member.stat().st_mode) == mode
    assert member.read_text("utf-8") == "new"
    assert stat.S_IMODE((tmp_path / "set" / "b.md").stat().st_mode) == 0o644


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o027, 0o002])
def test_a_new_file_gets_the_umask(mask: int, tmp_path: Path, umask: Callable[[int], int]) -> None:
    umask(mask)
    one = write_file(tmp_path / "report.html", "x")
    (many,) = write_files(tmp_path / "packs", {"E1.md": "x"})
    for path in (one, many):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask


# --- folders that are links -----------------------------------------------------------------


def test_a_folder_that_is_a_symbolic_link_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "sub").mkdir(parents=True)
    work = tmp_path / "work"
    work.mkdir()
    (work / "link").symlink_to(elsewhere, target_is_directory=True)
    (work / "dangling").symlink_to(tmp_path / "nowhere", target_is_directory=True)
    monkeypatch.chdir(work)
    attempts: list[Callable[[], object]] = [
        lambda: write_file("link/report.html", "x"),
        lambda: write_file(work / "link" / "report.html", "x"),
        lambda: write_file("link/sub/report.html", "x"),
        lambda: write_file("dangling/report.html", "x"),
        lambda: write_files("link", {"E1.md": "x"}),
        lambda: write_files(work / "link", {"E1.md": "x"}, force=True),
        lambda: write_files("link/sub", {"E1.md": "x"}),
        lambda: write_files("dangling", {"E1.md": "x"}),
        lambda: write_files("dangling/new", {"E1.md": "x"}),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match=r"folder .* is a symbolic link"):
            attempt()
    assert sorted(p.name for p in elsewhere.rglob("*")) == ["sub"]
    assert not (tmp_path / "nowhere").exists()


# --- a set is all or nothing ----------------------------------------------------------------


def state(folder: Path) -> dict[str, tuple[str, int]]:
    """Every entry in ``folder`` (hidden temporary ones too) with its text and mode."""
    return {
        p.name: (
            p.read_text("utf-8") if p.is_file() else "<folder>",
            stat.S_IMODE(p.stat().st_mode),
        )
        for p in folder.iterdir()
    }


REAL_LINK, REAL_RENAME = os.link, os.rename


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    count=st.integers(1, 6),
    existing=st.sets(st.integers(0, 7), max_size=5),
    step=st.sampled_from(["make", "link", "rename", "signal", "interrupt", "none"]),
    at=st.integers(0, 7),
)
def test_a_forced_set_is_the_new_set_or_the_old_one_untouched(
    count: int,
    existing: set[int],
    step: str,
    at: int,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path_factory.mktemp("set")
    for n in existing:
        (folder / f"E{n}.md").write_text(f"old {n}", "utf-8")
        (folder / f"E{n}.md").chmod(0o600)
    (folder / "unrelated.txt").write_text("keep", "utf-8")
    before = state(folder)
    calls = {"link": 0, "rename": 0}
    real_link, real_rename = REAL_LINK, REAL_RENAME  # not the last example's patched ones
    received: list[int] = []

    def counted(kind: str, real: Callable[[str, str], None]) -> Callable[[str, str], None]:
        def run(source: str, target: str) -> None:
            calls[kind] += 1
            if step == kind and calls[kind] == at + 1:
                raise OSError(28, "No space left on device")
            real(source, target)

        return run

    monkeypatch.setattr(os, "link", counted("link", real_link))
    monkeypatch.setattr(os, "rename", counted("rename", real_rename))

    def make(n: int) -> Callable[[], str]:
        def data() -> str:
            if n == at and step == "make":
                raise ValidationError("cannot render")
            if n == at and step == "signal":
                signal.raise_signal(signal.SIGTERM)
            if n == at and step == "interrupt":
                raise KeyboardInterrupt
            return f"new {n}"

        return data

    files = {f"E{n}.md": make(n) for n in range(count)}
    previous = signal.signal(signal.SIGTERM, lambda signum, _frame: received.append(signum))
    try:
        write_files(folder, files, force=True)
    except ValidationError as error:
        assert "nothing was written" in str(error) and "the folder is as it was" in str(error)
        assert state(folder) == before
        assert received == ([signal.SIGTERM] if step == "signal" else [])
        return
    except KeyboardInterrupt:
        assert step == "interrupt"
        assert state(folder) == before
        return
    finally:
        signal.signal(signal.SIGTERM, previous)
    after = state(folder)
    for n in range(count):
        assert after.pop(f"E{n}.md") == (f"new {n}", 0o600 if n in existing else after_mode())
    assert after == {k: v for k, v in before.items() if k not in files}


def after_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_mid_set_puts_the_old_set_back_and_still_stops_the_process(
    signum: int, tmp_path: Path
) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    for n in range(5):
        (folder / f"E{n}.md").write_text(f"old {n}", "utf-8")
    before = state(folder)
    # The signal's default action, whatever this process inherited (nohup ignores SIGHUP).
    script = f"""
import os, signal
from apsperf._files import write_files

signal.signal({int(signum)}, signal.SIG_DFL)

def data(n):
    def make():
        if n == 3:
            os.kill(os.getpid(), {int(signum)})
        return "new"
    return make

write_files({str(folder)!r}, {{f"E{{n}}.md": data(n) for n in range(8)}}, force=True)
print("not reached")
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == -signum, done.stderr
    assert "not reached" not in done.stdout
    assert state(folder) == before


def test_a_replaced_set_that_cannot_be_put_back_says_where_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        (tmp_path / f"E{n}.md").write_text(f"old {n}", "utf-8")
    real_rename, real_link = os.rename, os.link
    renames: list[str] = []

    def rename(source: str, target: str) -> None:
        renames.append(target)
        if Path(target).parent == tmp_path:  # putting an old file back
            raise OSError(5, "Input/output error")
        real_rename(source, target)

    def link(source: str, target: str) -> None:
        if Path(target).name == "E2.md":
            raise OSError(28, "No space left on device")
        real_link(source, target)

    monkeypatch.setattr(os, "rename", rename)
    monkeypatch.setattr(os, "link", link)
    with pytest.raises(
        ValidationError, match=r"3 replaced file\(s\) could not be put back and are in"
    ):
        write_files(tmp_path, {f"E{n}.md": "new" for n in range(3)}, force=True)
    (aside,) = [p for p in tmp_path.iterdir() if p.name.endswith(".apsperf-old")]
    assert sorted(p.read_text("utf-8") for p in aside.iterdir()) == ["old 0", "old 1", "old 2"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".md")]

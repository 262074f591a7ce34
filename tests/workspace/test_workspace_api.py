"""The council workspace's HTTP API, in-process: security, moves, persistence, exports."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from apsperf.cli import main
from apsperf.segmentation import read_workforce
from apsperf.segmentation.analysis._calibration import calibrate
from apsperf.segmentation.io._sessions import load_session
from apsperf.segmentation.model._session import CalibrationSession
from apsperf.segmentation.render._pack import _selection_row
from apsperf.segmentation.workspace._guard import MAX_BODY

from .conftest import ORIGIN, Workspace, at

PERSON = "E00002"  # proposed High performance, Low potential: a Proven Performer


def _move(workspace: Workspace, **fields: object) -> dict[str, object]:
    body = {"employee_id": PERSON, "to": "top-talent", "reason": "Evidence", **fields}
    answer = workspace.client.post(at("moves"), json=body)
    assert answer.status_code == 200, answer.text
    result: dict[str, object] = answer.json()
    return result


def _refused(answer: object, status: int, field: str) -> str:
    assert answer.status_code == status, answer.text  # type: ignore[attr-defined]
    body = answer.json()  # type: ignore[attr-defined]
    assert set(body) <= {"error", "field"} and body["error"]
    assert field in body["error"], body
    assert "Traceback" not in body["error"]
    return str(body["error"])


# -- the front door ---------------------------------------------------------------------


def test_every_request_needs_the_token(workspace: Workspace) -> None:
    _refused(workspace.bare.get(at("state")), 401, "token")
    _refused(workspace.bare.get("/"), 401, "token")
    wrong = {"Authorization": "Bearer " + "x" * 43}
    _refused(workspace.bare.get(at("state"), headers=wrong), 401, "token")
    _refused(workspace.bare.get("/?token=nope"), 401, "token")
    _refused(workspace.bare.get(at("state") + f"?token={workspace.token}"), 401, "token")
    assert workspace.client.get(at("state")).status_code == 200


def test_the_first_visit_sets_a_strict_http_only_cookie(workspace: Workspace) -> None:
    page = workspace.bare.get(f"/?token={workspace.token}")
    assert page.status_code == 200
    cookie = page.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert workspace.bare.get(at("state")).status_code == 200  # the cookie alone
    script = "/static/council.js"  # outside-path: hostile input
    outside = "/static/../pyproject.toml"  # outside-path: hostile input
    assert workspace.bare.get(script).status_code == 200
    assert workspace.bare.get(outside).status_code == 404


def test_a_wrong_host_is_refused(workspace: Workspace) -> None:
    for host in ("evil.example", "127.0.0.1", "testserver.evil.example", ""):
        _refused(workspace.client.get(at("state"), headers={"host": host}), 403, "host")


def test_cross_origin_changes_are_refused(workspace: Workspace) -> None:
    body = {"employee_id": PERSON, "to": "top-talent", "reason": "Evidence"}
    for headers in ({"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"}):
        _refused(workspace.client.post(at("moves"), json=body, headers=headers), 403, "origin")
    workspace.bare.get(f"/?token={workspace.token}")  # the cookie, as the page has it
    _refused(workspace.bare.post(at("moves"), json=body), 403, "origin")
    answer = workspace.bare.post(at("moves"), json=body, headers={"origin": ORIGIN})
    assert answer.status_code == 200, answer.text
    assert workspace.council.session.entries[-1].employee_id == PERSON


def test_every_response_forbids_inline_script_and_framing(workspace: Workspace) -> None:
    for answer in (workspace.client.get("/"), workspace.client.get(at("state"))):
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"
    assert "<script" not in workspace.client.get("/").text.replace(
        '<script type="module" src="/static/council.js"></script>',  # outside-path: hostile input
        "",  # outside-path: hostile input
    )


def test_unknown_addresses_and_methods_answer_json(workspace: Workspace) -> None:
    assert workspace.client.get(at("nothing")).status_code == 404
    assert "error" in workspace.client.get(at("nothing")).json()
    _refused(workspace.client.put(at("moves"), json={}), 405, "method")
    assert workspace.client.get(at("moves")).status_code == 405


# -- hostile bodies -----------------------------------------------------------------------


def test_hostile_bodies_are_refused_with_a_message(workspace: Workspace) -> None:
    post = workspace.client.post
    _refused(
        post(at("moves"), content=b"{}", headers={"content-type": "text/plain"}),
        415,
        "content-type",
    )
    _refused(
        post(
            at("moves"), content=b"x" * (MAX_BODY + 1), headers={"content-type": "application/json"}
        ),
        413,
        "body",
    )
    _refused(
        post(at("moves"), content=b"{not json", headers={"content-type": "application/json"}),
        400,
        "body",
    )
    _refused(
        post(at("moves"), content=b'{"reason": NaN}', headers={"content-type": "application/json"}),
        400,
        "body",
    )
    _refused(
        post(
            at("moves"), content=b'{"a": 1, "a": 2}', headers={"content-type": "application/json"}
        ),
        400,
        "body",
    )
    _refused(post(at("moves"), json=[1, 2]), 422, "$")
    _refused(
        post(at("moves"), json={"employee_id": 5, "to": "top-talent", "reason": "r"}),
        422,
        "employee_id",
    )
    _refused(post(at("moves"), json={"employee_id": PERSON, "to": ["x"], "reason": "r"}), 422, "to")
    _refused(
        post(at("moves"), json={"employee_id": PERSON, "to": "top-talent", "reason": 3}),
        422,
        "reason",
    )
    _refused(
        post(
            at("moves"),
            json={"employee_id": PERSON, "to": "top-talent", "reason": "r", "admin": True},
        ),
        422,
        "admin",
    )
    _refused(
        post(at("moves"), json={"employee_id": PERSON, "to": "top-talent", "reason": "r" * 5000}),
        422,
        "reason",
    )
    _refused(
        post(
            at("moves"),
            json={
                "employee_id": PERSON,
                "to": "top-talent",
                "reason": "r",
                "expected_version": True,
            },
        ),
        422,
        "expected_version",
    )
    _refused(post(at("reversals"), json={"entry": "1", "reason": "r"}), 422, "entry")
    _refused(post(at("reversals"), json={"entry": 10**30, "reason": "r"}), 422, "entry")
    _refused(workspace.client.get(at("grid") + "?page=-1"), 422, "page")
    _refused(workspace.client.get(at("grid") + "?view=both"), 422, "view")
    _refused(workspace.client.get(at("grid") + "?box=nowhere"), 422, "box")
    _refused(workspace.client.get(at("grid") + "?size=100000"), 422, "size")
    assert workspace.council.session.entries == ()


# -- moves, reversals, notes, finalisation -----------------------------------------------


def test_a_move_needs_a_reason(workspace: Workspace) -> None:
    for reason in (None, "", "   "):
        body = {"employee_id": PERSON, "to": "top-talent", "reason": reason}
        _refused(workspace.client.post(at("moves"), json=body), 422, "reason")
    _refused(
        workspace.client.post(
            at("moves"), json={"employee_id": "NOBODY", "to": "top-talent", "reason": "r"}
        ),
        422,
        "employee_id",
    )
    _refused(
        workspace.client.post(
            at("moves"),
            json={"employee_id": PERSON, "performance": "top", "potential": "high", "reason": "r"},
        ),
        422,
        "performance",
    )
    assert workspace.council.session.entries == ()


def test_a_move_is_recorded_and_counted(workspace: Workspace) -> None:
    before = workspace.client.get(at("state")).json()
    done = _move(workspace, by="Deputy")
    assert done == {"version": 1, "entry": 1, "kind": "move"}
    state = workspace.client.get(at("state")).json()
    counts = {s["segment"]: (s["proposed"], s["calibrated"]) for s in state["segments"]}
    was = {s["segment"]: s["calibrated"] for s in before["segments"]}
    assert counts["top-talent"][1] == was["top-talent"] + 1
    assert counts["proven-performer"][1] == was["proven-performer"] - 1
    entry = workspace.council.session.entries[0]
    assert (entry.by, entry.reason, entry.employee_id) == ("Deputy", "Evidence", PERSON)
    assert state["changes"][0]["by"] == "Deputy"
    # the spelling: both levels, and the chair by default
    answer = workspace.client.post(
        at("changes"),
        json={
            "employee_id": "E00004",
            "performance": "high",
            "potential": "high",
            "reason": "Evidence",
            "expected_version": 1,
        },
    )
    assert answer.status_code == 200, answer.text
    assert workspace.council.session.entries[1].by == "Council chair"


def test_a_stale_version_is_a_conflict_and_nothing_is_lost(workspace: Workspace) -> None:
    _move(workspace, expected_version=0)
    body = {"employee_id": "E00004", "to": "top-talent", "reason": "r", "expected_version": 0}
    _refused(workspace.client.post(at("moves"), json=body), 409, "expected_version")
    assert len(workspace.council.session.entries) == 1


def test_undo_is_a_recorded_reversal(workspace: Workspace) -> None:
    _move(workspace)
    _refused(workspace.client.post(at("reversals"), json={"entry": 1}), 422, "reason")
    answer = workspace.client.post(at("reversals"), json={"entry": 1, "reason": "Misheard"})
    assert answer.status_code == 200, answer.text
    entries = workspace.council.session.entries
    assert [e.kind.value for e in entries] == ["move", "reversal"]
    assert entries[1].undoes == 1 and entries[1].reason == "Misheard"
    state = workspace.client.get(at("state")).json()
    assert [c["undone"] for c in state["changes"]] == [True, False]
    assert all(s["proposed"] == s["calibrated"] for s in state["segments"])
    _refused(
        workspace.client.post(at("reversals"), json={"entry": 1, "reason": "again"}), 422, "entry"
    )
    _refused(workspace.client.post(at("reversals"), json={"entry": 2, "reason": "x"}), 422, "entry")
    # the address for the same thing
    _move(workspace, to="emerging-potential")
    assert workspace.client.post(at("changes/3/reverse"), json={"reason": "r"}).status_code == 200


def test_notes_are_kept_per_person(workspace: Workspace) -> None:
    answer = workspace.client.post(at("notes"), json={"employee_id": PERSON, "text": "<b>hi</b>"})
    assert answer.json() == {"version": 1, "note": 1}
    notes = workspace.client.get(at("notes") + f"?employee_id={PERSON}").json()["notes"]
    assert [(n["text"], n["by"]) for n in notes] == [("<b>hi</b>", "Council chair")]
    _refused(workspace.client.post(at("notes"), json={"employee_id": PERSON}), 422, "text")


def test_who_is_required_without_a_chair(open_workspace: Callable[..., Workspace]) -> None:
    workspace = open_workspace()
    body = {"employee_id": PERSON, "to": "top-talent", "reason": "r"}
    _refused(workspace.client.post(at("moves"), json=body), 422, "by")


def test_a_finalised_session_refuses_every_change(workspace: Workspace) -> None:
    _move(workspace)
    answer = workspace.client.post(at("finalise"), json={"by": "Chair"})
    assert answer.status_code == 200
    assert answer.json()["finalised_by"] == "Chair" and answer.json()["finalised"] is True
    for name, body in (
        ("moves", {"employee_id": "E00004", "to": "top-talent", "reason": "r"}),
        ("reversals", {"entry": 1, "reason": "r"}),
        ("notes", {"employee_id": PERSON, "text": "t"}),
        ("finalise", {"by": "Chair"}),
    ):
        _refused(workspace.client.post(at(name), json=body), 423, "finalised")
    assert workspace.council.session.finalised


# -- the grid ------------------------------------------------------------------------------


def test_the_grid_counts_pages_and_searches(workspace: Workspace) -> None:
    grid = workspace.client.get(at("grid")).json()
    assert grid["total"] == 1836 and len(grid["boxes"]) == 9
    assert sum(b["count"] for b in grid["boxes"]) == 1836
    assert abs(sum(b["share"] for b in grid["boxes"]) - 1) < 1e-9
    assert all(len(b["cards"]) <= 24 for b in grid["boxes"])
    page = workspace.client.get(at("grid") + "?box=top-talent&page=2&size=10").json()
    top = next(b for b in page["boxes"] if b["segment"] == "top-talent")
    assert top["page"] == 2 and len(top["cards"]) == 10
    assert all(not b["cards"] for b in page["boxes"] if b["segment"] != "top-talent")
    found = workspace.client.get(at("grid") + f"?search={PERSON.lower()}").json()
    assert found["total"] == 1
    card = next(c for b in found["boxes"] for c in b["cards"])
    assert card["employee_id"] == PERSON and card["moved"] is False
    _move(workspace)
    calibrated = workspace.client.get(at("grid") + f"?view=calibrated&search={PERSON}").json()
    box = next(b for b in calibrated["boxes"] if b["cards"])
    assert box["segment"] == "top-talent" and box["cards"][0]["moved"] is True
    by_division = workspace.client.get(at("grid") + "?group=Division:Policy and Strategy").json()
    assert 0 < by_division["total"] < 1836
    assessor = workspace.client.get(at("grid") + "?assessor=M117").json()
    assert assessor["total"] == 41


def test_exclusion_hides_from_view_not_from_the_session(workspace: Workspace) -> None:
    answer = workspace.client.post(at("exclusions"), json={"employee_ids": [PERSON]})
    assert answer.json() == {"excluded": 1}
    assert workspace.client.get(at("grid")).json()["total"] == 1835
    _move(workspace)  # still in the session
    _refused(
        workspace.client.post(at("exclusions"), json={"employee_ids": ["NOBODY"]}),
        422,
        "employee_ids[0]",
    )
    workspace.client.post(at("exclusions"), json={"clear": True})
    assert workspace.client.get(at("grid")).json()["total"] == 1836


def test_sensitive_columns_never_reach_a_card_or_a_filter(workspace: Workspace) -> None:
    genders = set(workspace.proposed.group_values("Gender"))
    assert genders >= {"Woman", "Man"}
    state = workspace.client.get(at("state")).json()
    assert "Gender" not in state["shown_columns"] and "Gender" not in state["filters"]["columns"]
    for query in (
        "",
        "?view=calibrated",
        "?search=woman",
        "?search=man",
        "?size=200&box=top-talent",
    ):
        text = workspace.client.get(at("grid") + query).text
        grid = json.loads(text)
        for box in grid["boxes"]:
            for card in box["cards"]:
                assert "Gender" not in {name for name, _ in card["fields"]}
                assert not genders & {value for _, value in card["fields"]}
        assert "Gender" not in text
    assert workspace.client.get(at("grid") + "?search=woman").json()["total"] == 0
    _refused(workspace.client.get(at("grid") + "?group=Gender:Woman"), 422, "group")


def test_file_values_are_data_never_markup(
    open_workspace: Callable[..., Workspace], tmp_path: Path
) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    path = tmp_path / "hostile.csv"
    path.write_text(
        "Employee ID,Division,Performance,Potential,Gender\n"
        f'E1,"{hostile}",High,High,W\nE2,=HYPERLINK(1),Low,Low,M\nE3,"tab\there",Moderate,Low,W\n',
        encoding="utf-8",
    )
    workspace = open_workspace(path=path, chair="Chair")
    grid = workspace.client.get(at("grid")).json()
    values = {v for b in grid["boxes"] for c in b["cards"] for _, v in c["fields"]}
    assert hostile in values and "=HYPERLINK(1)" in values
    assert hostile not in workspace.client.get("/").text  # the page holds no data


# -- the panels ------------------------------------------------------------------------------


def test_the_panels_are_calibrates_own_checks(workspace: Workspace) -> None:
    _move(workspace)
    panels = workspace.client.get(at("panels")).json()
    assert panels["version"] == 1
    titles = [p["title"] for p in panels["panels"]]
    assert titles[0].startswith("Rater effects") and "Talent-pool selection by Gender" in titles
    report = calibrate(workspace.proposed, workspace.council.session, fairness_by=["Gender"])
    fairness = next(p for p in panels["panels"] if p["title"].endswith("Gender"))
    expected = [
        [
            "" if c is None else c if isinstance(c, (int, float)) else str(c)
            for c in _selection_row(g, report.min_cell)
        ]
        for g in report.fairness[0].groups
    ]
    assert fairness["rows"] == expected
    raters = panels["panels"][0]
    assert raters["rows"][0][0] == report.rater_effects.assessor[0]
    assert raters["rows"][0][4] == "flagged"  # flagged assessors first (M117 rates generously)
    moves = next(p for p in panels["panels"] if p["title"].startswith("Moves made"))
    assert moves["rows"][0][:4] == [1, PERSON, "Proven Performer", "Top Talent"]


def test_the_panels_follow_the_disclosure_control(open_workspace: Callable[..., Workspace]) -> None:
    workspace = open_workspace(chair="Chair", min_cell=400)
    panels = workspace.client.get(at("panels")).json()["panels"]
    fairness = next(p for p in panels if p["title"].endswith("Gender"))
    assert all(row[1] in ("<400", "suppressed") for row in fairness["rows"])


# -- persistence ----------------------------------------------------------------------------


def test_a_restart_with_the_same_store_resumes(
    open_workspace: Callable[..., Workspace], tmp_path: Path
) -> None:
    store = tmp_path / "council.sqlite"
    first = open_workspace(store=store, chair="Chair")
    _move(first)
    first.client.post(at("reversals"), json={"entry": 1, "reason": "Undo"})
    _move(first, to="high-achiever")
    first.client.post(at("notes"), json={"employee_id": PERSON, "text": "kept"})
    head = first.client.get(at("state")).json()["head"]["digest"]
    first.close()
    second = open_workspace(store=store, chair="Chair")
    state = second.client.get(at("state")).json()
    assert state["head"]["digest"] == head and state["version"] == 4
    assert second.council.session == first.council.session
    notes = second.client.get(at("notes") + f"?employee_id={PERSON}").json()["notes"]
    assert [n["text"] for n in notes] == ["kept"]
    _move(second, to="well-placed", expected_version=4)  # and it goes on from there


def test_a_store_for_other_proposals_or_tampered_is_refused(
    open_workspace: Callable[..., Workspace], tmp_path: Path
) -> None:
    from apsperf.errors import ValidationError

    store = tmp_path / "council.sqlite"
    first = open_workspace(store=store, chair="Chair")
    _move(first)
    _move(first, employee_id="E00004")
    first.close()
    other = tmp_path / "other.csv"
    other.write_text("Employee ID,Performance,Potential\nE1,High,High\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="other proposals"):
        open_workspace(store=store, path=other, fairness=[])
    with sqlite3.connect(store) as db:  # rows cannot be changed through the store's own rules
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute("UPDATE entries SET document = '{}' WHERE number = 1")
        db.execute("DROP TRIGGER entries_update_refused")
        document = db.execute("SELECT document FROM entries WHERE number = 1").fetchone()[0]
        db.execute(
            "UPDATE entries SET document = ? WHERE number = 1",
            (document.replace("Evidence", "Evidenze"),),
        )
    with pytest.raises(ValidationError, match="intact session"):
        open_workspace(store=store)


def test_a_store_cut_short_is_refused(
    open_workspace: Callable[..., Workspace], tmp_path: Path
) -> None:
    from apsperf.errors import ValidationError

    store = tmp_path / "council.sqlite"
    first = open_workspace(store=store, chair="Chair")
    _move(first)
    _move(first, employee_id="E00004")
    first.close()
    with sqlite3.connect(store) as db:
        db.execute("DROP TRIGGER entries_delete_refused")
        db.execute("DELETE FROM entries WHERE number = 2")
    with pytest.raises(ValidationError, match="intact session"):
        open_workspace(store=store)


def test_a_session_document_starts_the_workspace(
    open_workspace: Callable[..., Workspace], sample_path: Path
) -> None:
    proposed = read_workforce(sample_path, keep=None)
    from apsperf.segmentation.io._changes import read_changes
    from apsperf.segmentation.io._samples import sample_calibration_paths

    session = CalibrationSession.start(proposed, name=sample_path.name).record(
        read_changes(sample_calibration_paths()[1]), proposed
    )
    workspace = open_workspace(imported=session, chair="Chair")
    assert workspace.client.get(at("session")).json()["head"]["digest"] == session.head.digest


# -- exports --------------------------------------------------------------------------------


def test_the_exports_are_read_back_by_the_library(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _move(workspace)
    _move(workspace, employee_id="E00004", to="strongest-concern")
    workspace.client.post(at("reversals"), json={"entry": 2, "reason": "No"})
    answer = workspace.client.get(at("export/session"))
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    document = tmp_path / "session.json"
    document.write_bytes(answer.content)
    assert load_session(document) == workspace.council.session
    assert (
        main(["calibrate", str(workspace.path), "--session", str(document), "--format", "json"])
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["session_head"] == workspace.council.session.head.digest
    assert [c["employee_id"] for c in report["changes"]] == [PERSON]
    calibrated = workspace.client.get(at("export/calibrated"))
    assert calibrated.headers["content-type"].startswith("text/csv")
    copy = tmp_path / "calibrated.csv"
    copy.write_bytes(calibrated.content)
    read = read_workforce(copy)
    assert (
        read.segment_counts()
        == workspace.council.session.apply(workspace.proposed).segment_counts()
    )
    pack = workspace.client.get(at("export/pack"))
    assert pack.headers["content-type"].startswith("text/html") and b"<html" in pack.content
    workbook = workspace.client.get(at("export/workbook"))
    assert workbook.content[:2] == b"PK"
    _refused(workspace.client.get(at("export/secrets")), 422, "kind")


def test_export_to_the_folder_never_overwrites(workspace: Workspace, tmp_path: Path) -> None:
    _move(workspace)
    answer = workspace.client.post(at("export"), json={"folder": "meeting"})
    assert answer.status_code == 200, answer.text
    written = [Path(p).name for p in answer.json()["written"]]
    assert sorted(written) == sorted(
        [
            "calibration-2026-proposed.session.json",
            "calibration-2026-proposed.calibrated.csv",
            "calibration-2026-proposed.calibration-pack.html",
            "calibration-2026-proposed.calibration.xlsx",
            "calibration-2026-proposed.notes.csv",
        ]
    )
    assert (tmp_path / "exports" / "meeting" / written[0]).is_file()
    _refused(workspace.client.post(at("export"), json={"folder": "meeting"}), 422, "exist")
    for folder in ("..", "../up", ".hidden", "a/b", 5):  # outside-path: hostile input
        _refused(workspace.client.post(at("export"), json={"folder": folder}), 422, "folder")


def test_a_calibrated_workbook_is_exported_as_a_workbook(
    open_workspace: Callable[..., Workspace], tmp_path: Path, sample_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for line in sample_path.read_text("utf-8").splitlines()[:40]:
        sheet.append(next(iter(__import__("csv").reader([line]))))
    path = tmp_path / "proposed.xlsx"
    book.save(path)
    workspace = open_workspace(path=path, chair="Chair")
    _move(workspace)
    answer = workspace.client.get(at("export/calibrated"))
    assert answer.status_code == 200, answer.text
    read = read_workforce(io.BytesIO(answer.content))
    assert read.segment_of(PERSON) is not None and read.segment_of(PERSON).value == "top-talent"


# -- the command line -----------------------------------------------------------------------


def test_import_apsperf_imports_no_web_stack() -> None:
    code = (
        "import sys, apsperf, apsperf.segmentation; from apsperf.cli import build_parser;"
        " build_parser();"
        "print([m for m in ('starlette', 'uvicorn', 'httpx', 'anyio') if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_remote_host_needs_tls_or_the_explicit_option(
    capsys: pytest.CaptureFixture[str], sample_path: Path
) -> None:
    assert main(["council", str(sample_path), "--host", "192.0.2.7", "--no-browser"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "--host" in error and "--tls-cert" in error
    for wildcard in ("0.0.0.0", "::"):  # no address to check each request's Host against
        argv = ["council", str(sample_path), "--host", wildcard, "--remote-in-clear"]
        assert main([*argv, "--no-browser"]) == 2
        error = capsys.readouterr().err
        assert "--host" in error and "everywhere" in error
    half = ["--host", "192.0.2.7", "--tls-cert", str(sample_path), "--no-browser"]
    assert main(["council", str(sample_path), *half]) == 2
    assert "--tls-key" in capsys.readouterr().err
    assert main(["council", str(sample_path), "--fairness", "Nope", "--no-browser"]) == 2
    assert "--fairness" in capsys.readouterr().err


def test_the_store_is_named_or_kept_in_memory_not_both(
    capsys: pytest.CaptureFixture[str], sample_path: Path, tmp_path: Path
) -> None:
    argv = ["council", str(sample_path), "--no-browser", "--in-memory"]
    assert main([*argv, "--store", str(tmp_path / "s.sqlite")]) == 2
    assert "--in-memory" in capsys.readouterr().err
    assert not (tmp_path / "s.sqlite").exists()


@pytest.mark.parametrize("stop", ["SIGINT", "SIGKILL"])
def test_the_command_prints_its_address_first_and_loses_nothing_acknowledged(
    tmp_path: Path, sample_path: Path, stop: str
) -> None:
    import signal

    httpx = pytest.importorskip("httpx")
    proposed = tmp_path / "proposed.csv"
    proposed.write_bytes(sample_path.read_bytes())
    # Ctrl-C with the store's default place (beside the proposals); SIGKILL with --store.
    store = tmp_path / ("proposed.council.sqlite" if stop == "SIGINT" else "named.sqlite")
    chosen = [] if stop == "SIGINT" else ["--store", str(store)]
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "apsperf", "council", str(proposed), "--no-browser"),
            *("--port", "0", "--chair", "Chair", *chosen),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Council workspace: http://127.0.0.1:"), first
        assert process.stdout.readline().startswith("Proposals: proposed.csv: 1,836 placed")
        assert process.stdout.readline() == f"Session store: {store} (0 entries)\n"
        url = first.split(": ", 1)[1].strip()
        base, token = url.split("?token=")
        headers = {"Authorization": f"Bearer {token}"}
        state = httpx.get(base + "api/state", headers=headers, timeout=10).json()
        assert state["rows_placed"] == 1836
        answer = httpx.post(
            base + "api/moves",
            headers=headers,
            json={"employee_id": PERSON, "to": "top-talent", "reason": "Evidence"},
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
    finally:
        process.send_signal(getattr(signal, stop))  # Ctrl-C, or killed outright
        _out, err = process.communicate(timeout=20)
    if stop == "SIGINT":
        assert process.returncode == 0, err
        assert "Traceback" not in err
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT count(*) FROM entries").fetchone() == (1,)

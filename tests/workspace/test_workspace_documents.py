"""The API's documents: the session, pages of people, the notes export, and their schemas."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from apsperf.segmentation.workspace._grid import LARGEST_LIMIT
from apsperf.segmentation.workspace._schemas import CALLS, SCHEMAS

from ..paths import ROOT, load_script
from .conftest import Workspace, at

PERSON = "E00002"


def _valid(name: str, document: Any) -> Any:
    errors = sorted(
        Draft202012Validator(
            SCHEMAS[name], format_checker=Draft202012Validator.FORMAT_CHECKER
        ).iter_errors(document),
        key=str,
    )
    assert not errors, f"{name}: {errors[0].message} at {list(errors[0].absolute_path)}"
    return document


def _refused(answer: Any, status: int, field: str) -> None:
    assert answer.status_code == status, answer.text
    body = _valid("error", answer.json())
    assert body.get("field", body["error"].split(":")[0]) == field, body


# -- GET /api/session and GET /api/people ---------------------------------------------------


def test_the_session_document_holds_what_the_issue_lists(workspace: Workspace) -> None:
    client = workspace.client
    client.post(at("changes"), json={"employee_id": PERSON, "to": "top-talent", "reason": "r"})
    client.post(at("notes"), json={"employee_id": PERSON, "text": "seen"})
    session = _valid("session", client.get(at("session")).json())
    assert set(session) == {
        "version",
        "proposed",
        "finalised",
        "finalised_by",
        "finalised_at",
        "head",
        "rows_read",
        "rows_placed",
        "rows_not_placed",
        "segments",
        "changes",
        "notes",
    }
    assert session["version"] == 2 and session["finalised"] is False
    assert (session["rows_read"], session["rows_placed"], session["rows_not_placed"]) == (
        1836,
        1836,
        0,
    )
    top = next(s for s in session["segments"] if s["segment"] == "top-talent")
    assert top["calibrated"] == top["proposed"] + 1
    assert session["changes"][0]["employee_id"] == PERSON
    assert session["head"]["digest"] == workspace.council.session.head.digest
    state = _valid("state", client.get(at("state")).json())
    assert {k: state[k] for k in session} == session  # the page's state holds the session
    _refused(client.get(at("session") + "?verbose=1"), 422, "verbose")


def test_people_are_listed_a_page_at_a_time(workspace: Workspace) -> None:
    get = workspace.client.get
    everyone = _valid("people", get(at("people")).json())
    assert everyone["total"] == 1836 and len(everyone["people"]) == 50
    assert everyone["offset"] == 0 and everyone["limit"] == 50
    assert everyone["view"] == "calibrated" and everyone["segment"] is None
    ids = list(workspace.proposed.employee_ids)
    assert [p["employee_id"] for p in everyone["people"]] == ids[:50]
    last = _valid("people", get(at("people") + "?offset=1830&limit=500").json())
    assert [p["employee_id"] for p in last["people"]] == ids[1830:]
    beyond = get(at("people") + "?offset=5000").json()
    assert beyond["total"] == 1836 and beyond["people"] == []
    # one box, as the grid pages it
    grid = get(at("grid") + "?view=calibrated&box=top-talent&size=24&page=2").json()
    box = next(b for b in grid["boxes"] if b["segment"] == "top-talent")
    people = _valid("people", get(at("people") + "?segment=top-talent&offset=24&limit=24").json())
    assert people["total"] == box["count"] and people["people"] == box["cards"]
    assert all(p["calibrated"] == "top-talent" for p in people["people"])


def test_people_follow_moves_searches_and_filters(workspace: Workspace) -> None:
    get = workspace.client.get
    workspace.client.post(
        at("changes"), json={"employee_id": PERSON, "to": "top-talent", "reason": "r"}
    )
    top = get(at("people") + f"?segment=top-talent&q={PERSON.lower()}").json()
    assert [p["employee_id"] for p in top["people"]] == [PERSON] and top["people"][0]["moved"]
    before = get(at("people") + f"?segment=top-talent&view=proposed&q={PERSON}").json()
    assert before["total"] == 0
    sydney = get(at("people") + "?q=sydney&limit=500").json()
    assert sydney["total"] > 0
    assert all(dict(p["fields"])["Location"] == "Sydney" for p in sydney["people"])
    by_assessor = get(at("people") + "?assessor=M117&limit=500").json()
    assert by_assessor["total"] == 41 and {p["assessor"] for p in by_assessor["people"]} == {"M117"}
    both = get(at("people") + "?assessor=M117&group=Location:Sydney&limit=500").json()
    assert 0 < both["total"] < 41
    assert get(at("people") + "?q=woman").json()["total"] == 0  # a --fairness column


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        (f"limit={LARGEST_LIMIT + 1}", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("offset=1e3", "offset"),
        ("segment=nowhere", "segment"),
        ("view=both", "view"),
        ("q=a&q=b", "q"),
        ("q=" + "x" * 201, "q"),
        ("q=%01", "q"),
        ("group=Gender:Woman", "group"),
        ("group=Location", "group"),
        ("page=2", "page"),
        ("token=abc", "token"),
    ],
)
def test_a_bad_parameter_is_refused_naming_it(workspace: Workspace, query: str, field: str) -> None:
    _refused(workspace.client.get(at("people") + "?" + query), 422, field)


def test_the_grid_refuses_unknown_and_repeated_parameters(workspace: Workspace) -> None:
    _refused(workspace.client.get(at("grid") + "?color=red"), 422, "color")
    _refused(workspace.client.get(at("grid") + "?view=proposed&view=calibrated"), 422, "view")
    _refused(workspace.client.get(at("grid") + "?search=a&q=b"), 422, "q")
    _refused(workspace.client.get(at("panels") + "?x=1"), 422, "x")


# -- the notes export -----------------------------------------------------------------------


def test_the_notes_export_neutralises_formulas(workspace: Workspace) -> None:
    for text in ('=HYPERLINK("http://x")', "+1", "Plain, with a comma", "@SUM(A1)"):
        answer = workspace.client.post(at("notes"), json={"employee_id": PERSON, "text": text})
        assert answer.status_code == 200, answer.text
    exported = workspace.client.get(at("export/notes"))
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert "notes.csv" in exported.headers["content-disposition"]
    text = exported.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Note", "Employee ID", "Text", "By", "Recorded at (UTC)"]
    assert [r[2] for r in rows[1:]] == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "Plain, with a comma",
        "'@SUM(A1)",
    ]
    assert {r[3] for r in rows[1:]} == {"Council chair"}
    document = _valid(
        "notes-export",
        json.loads(workspace.client.get(at("export/notes") + "?format=json").content),
    )
    assert document["notes"][0]["text"] == '=HYPERLINK("http://x")'  # JSON is data, kept as is
    _refused(workspace.client.get(at("export/notes") + "?format=xml"), 422, "format")
    _refused(workspace.client.get(at("export/session") + "?format=json"), 422, "format")


# -- the schemas ----------------------------------------------------------------------------


def test_every_schema_is_a_schema_and_is_served(workspace: Workspace) -> None:
    for schema in SCHEMAS.values():
        Draft202012Validator.check_schema(schema)
    assert workspace.client.get(at("schemas")).json() == SCHEMAS
    named = {name for call in CALLS for name in call[2:] if name}
    assert named <= set(SCHEMAS)
    assert set(SCHEMAS) - named == {"error"}


def test_real_answers_and_accepted_bodies_follow_the_schemas(workspace: Workspace) -> None:
    client = workspace.client

    def post(path: str, request: str, answer: str, body: dict[str, Any]) -> Any:
        _valid(request, body)
        done = client.post(at(path), json=body)
        assert done.status_code == 200, done.text
        return _valid(answer, done.json())

    move = {"employee_id": PERSON, "to": "top-talent", "reason": "Evidence", "expected_version": 0}
    post("changes", "change", "change-made", move)
    levels = {"employee_id": "E00004", "performance": "low", "potential": "moderate"}
    made = post("moves", "change", "change-made", {**levels, "reason": "Kept", "by": "Deputy"})
    assert made["kind"] == "confirmation"
    post("reversals", "reversal", "reversal-made", {"entry": 2, "reason": "Misheard"})
    post("changes/1/reverse", "reversal", "reversal-made", {"reason": "Again"})
    post("notes", "note", "note-kept", {"employee_id": PERSON, "text": "<b>markup</b>"})
    post("exclusions", "exclusions", "exclusions-made", {"employee_ids": [PERSON]})
    post("exclusions", "exclusions", "exclusions-made", {"clear": True})
    for query in ("", "?view=calibrated", "?box=top-talent&page=3&size=5", "?q=policy"):
        _valid("grid", client.get(at("grid") + query).json())
    _valid("people", client.get(at("people") + "?segment=uncertain").json())
    _valid("panels", client.get(at("panels")).json())
    _valid("notes", client.get(at("notes") + f"?employee_id={PERSON}").json())
    post("export", "export", "export-written", {"folder": "minutes"})
    _valid("state", client.get(at("state")).json())
    final = post("finalise", "finalise", "session", {"by": "Chair"})
    assert final["finalised"] and final["finalised_by"] == "Chair"
    _valid("session", client.get(at("session")).json())
    # refusals: each an error document
    _refused(client.post(at("changes"), json=move), 423, "employee_id")
    _refused(workspace.bare.get(at("session")), 401, "token")
    _refused(client.get(at("nothing")), 404, "path")


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("change", {"employee_id": PERSON, "to": "top-talent"}),  # no reason
        ("change", {"employee_id": PERSON, "to": "top-talent", "reason": "  "}),
        ("change", {"employee_id": PERSON, "reason": "r"}),  # nowhere to
        (
            "change",
            {"employee_id": PERSON, "to": "top-talent", "performance": "high", "reason": "r"},
        ),
        (
            "change",
            {"employee_id": PERSON, "performance": "top", "potential": "high", "reason": "r"},
        ),
        ("change", {"employee_id": PERSON, "to": "top-talent", "reason": "r", "admin": True}),
        (
            "change",
            {"employee_id": PERSON, "to": "top-talent", "reason": "r", "expected_version": -1},
        ),
        ("note", {"employee_id": PERSON}),
        ("reversal", {"entry": "1", "reason": "r"}),
        ("exclusions", {"employee_ids": []}),
        ("export", {"folder": "../up"}),  # outside-path: hostile input
    ],
)
def test_bodies_the_workspace_refuses_break_their_schema(
    workspace: Workspace, name: str, body: dict[str, Any]
) -> None:
    errors = list(Draft202012Validator(SCHEMAS[name]).iter_errors(body))
    assert errors, body
    path = {
        "change": "changes",
        "note": "notes",
        "reversal": "reversals",
        "exclusions": "exclusions",
        "export": "export",
    }[name]
    assert workspace.client.post(at(path), json=body).status_code == 422


def test_the_committed_api_page_is_generated_from_the_schemas() -> None:
    module = load_script("make_council_api_page")
    committed = (ROOT / "docs" / "council-api.md").read_text(encoding="utf-8")
    assert committed == module.generate(), (
        "run: PYTHONPATH=src python scripts/make_council_api_page.py"
    )


def test_the_chairs_page_shows_the_screenshots_and_links_the_api() -> None:
    page = (ROOT / "docs" / "council.md").read_text(encoding="utf-8")
    for image in ("council-grid.png", "council-reason.png", "council-checks.png"):
        assert f"(images/{image})" in page
        assert (ROOT / "docs" / "images" / image).stat().st_size > 10_000
    assert "(council-api.md)" in page

"""The workspace's web application: the page, its files, and the JSON API (Starlette).

:func:`create_app` wires a :class:`~._council.Council` to routes behind the
:class:`~._guard.Guard`. Every route answers JSON; every refusal is a 4xx JSON
``{"error": "FIELD: message", "field": "FIELD"}``; an unexpected failure is a 500 JSON
``{"error": ...}`` naming its kind, never a traceback. The page's files are read from the
package once, from a fixed list: nothing is served from anywhere else. See docs/council.md
for the API.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any, Final

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from apsperf._files import safe_name_problem
from apsperf.errors import ApsperfError, MissingDependencyError, ValidationError
from apsperf.segmentation.workspace._council import Council, Refused
from apsperf.segmentation.workspace._grid import ViewQuery
from apsperf.segmentation.workspace._guard import Guard
from apsperf.segmentation.workspace._panels import EXPORTS, Exports
from apsperf.segmentation.workspace._schemas import SCHEMAS

__all__ = ["STATIC_FILES", "create_app"]

STATIC_FILES: Final = {
    "council.css": "text/css; charset=utf-8",
    "council.js": "text/javascript; charset=utf-8",
    "api.js": "text/javascript; charset=utf-8",
    "grid.js": "text/javascript; charset=utf-8",
    "panels.js": "text/javascript; charset=utf-8",
}
"""The page's files (beside ``index.html``) and their media types: nothing else is served."""

API: Final = "api"
"""The first segment of every API address."""
STATIC: Final = "static"
"""The first segment of the page's files' addresses."""
ICON: Final = "favicon.ico"
"""What every browser asks for: answered with no content (the page has no icon)."""
Handler = Callable[[Request], Awaitable[Response]]


def _static(name: str) -> bytes:
    return resources.files("apsperf.segmentation.workspace").joinpath("static", name).read_bytes()


def _error(status: int, error: ApsperfError | str) -> JSONResponse:
    if isinstance(error, ValidationError):
        return JSONResponse({"error": str(error), "field": error.path}, status_code=status)
    return JSONResponse({"error": str(error)}, status_code=status)


def _answer(council: Council, work: Callable[..., Any]) -> Handler:
    """A route that runs ``work(request, body)`` in a thread and answers its JSON."""

    async def route(request: Request) -> Response:
        if request.method != "POST":
            return await answer(request, None)
        with council.arriving():  # the checks step aside until this change is answered
            raw = await request.body()  # the guard has read it: JSON, size-limited
            from apsperf.serialization import loads

            try:
                body = loads(raw) if raw.strip() else {}
            except ValidationError as error:
                return _error(400, ValidationError(error.message, path="body"))
            return await answer(request, body)

    async def answer(request: Request, body: Any) -> Response:
        try:
            result = await run_in_threadpool(work, request, body)
        except Refused as error:
            return _error(error.status, error)
        except ValidationError as error:
            return _error(422, error)
        except MissingDependencyError as error:
            return _error(501, error)
        except ApsperfError as error:
            return _error(422, error)
        if isinstance(result, Response):
            return result
        return JSONResponse(result)

    return route


def create_app(
    council: Council,
    exports: Exports,
    *,
    token: str,
    hosts: Iterable[str],
    origins: Iterable[str],
    cookie: str = "apsperf-council",
    secure: bool = False,
    export_root: Path | None = None,
) -> Guard:
    """The workspace as an ASGI application, guarded (see :mod:`._guard`).

    ``hosts`` and ``origins`` are the ``Host`` and ``Origin`` values it answers;
    ``export_root`` the folder ``POST /api/export`` writes into (``None``: downloads only).
    """
    page = _static("index.html")
    files = {name: _static(name) for name in STATIC_FILES}

    async def index(_request: Request) -> Response:
        return Response(page, media_type="text/html; charset=utf-8")

    async def no_icon(_request: Request) -> Response:
        return Response(status_code=204)

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in files:
            return _error(404, "path: no such file")
        return Response(files[name], media_type=STATIC_FILES[name])

    def parameters(request: Request, allowed: tuple[str, ...] = ()) -> dict[str, str]:
        """The request's query parameters: only ``allowed`` ones, each at most once."""
        found: dict[str, str] = {}
        for name, value in request.query_params.multi_items():
            if name not in allowed:
                takes = f"it takes {', '.join(allowed)}" if allowed else "it takes none"
                raise ValidationError(f"not a parameter of this address; {takes}", path=name[:40])
            if name in found:
                raise ValidationError("given more than once", path=name)
            found[name] = value
        return found

    def state(request: Request, _body: Any) -> Any:
        parameters(request)
        return council.state()

    def session(request: Request, _body: Any) -> Any:
        parameters(request)
        return council.session_document()

    def grid(request: Request, _body: Any) -> Any:
        return council.grid(ViewQuery.grid(request.query_params.multi_items()))

    def people(request: Request, _body: Any) -> Any:
        return council.people(ViewQuery.people(request.query_params.multi_items()))

    def panel(request: Request, _body: Any) -> Any:
        parameters(request)
        return exports.panels.panels()

    def notes(request: Request, _body: Any) -> Any:
        given = parameters(request, ("employee_id",)).get("employee_id", "")
        return {"version": council.version, "notes": council.person_notes(given)}

    def schemas(request: Request, _body: Any) -> Any:
        parameters(request)
        return SCHEMAS

    def reverse_at(request: Request, body: Any) -> Any:
        return council.reverse(body, number=request.path_params["entry"])

    def download(request: Request, _body: Any) -> Any:
        kind = request.path_params["kind"]
        form = parameters(request, ("format",) if kind == "notes" else ()).get("format", "csv")
        name, data, media = exports.make(kind, form=form)
        return Response(
            data,
            media_type=media,
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )

    def export(_request: Request, body: Any) -> Any:
        if export_root is None:
            raise ValidationError(
                "the workspace was started without --export-dir: download the files instead",
                path="folder",
            )
        if not isinstance(body, dict) or set(body) - {"folder"}:
            raise ValidationError("the body takes folder only", path="body")
        folder = body.get("folder") or f"council-export-{council.version}"
        if not isinstance(folder, str) or safe_name_problem(folder) or folder.startswith("."):
            raise ValidationError(
                "expected a plain folder name inside the export folder", path="folder"
            )
        return {"written": exports.write(str(export_root / folder), kinds=EXPORTS)}

    def post(method: Callable[[Any], Any]) -> Callable[[Request, Any], Any]:
        return lambda _request, body: method(body)

    api: list[tuple[str, Callable[[Request, Any], Any], str]] = [
        ("state", state, "GET"),
        ("session", session, "GET"),
        ("grid", grid, "GET"),
        ("people", people, "GET"),
        ("panels", panel, "GET"),
        ("notes", notes, "GET"),
        ("schemas", schemas, "GET"),
        ("moves", post(council.move), "POST"),
        ("changes", post(council.move), "POST"),
        ("reversals", post(council.reverse), "POST"),
        ("changes/{entry:int}/reverse", reverse_at, "POST"),
        ("notes", post(council.note), "POST"),
        ("exclusions", post(council.exclude), "POST"),
        ("finalise", post(council.finalise), "POST"),
        ("export/{kind}", download, "GET"),
        ("export", export, "POST"),
    ]
    routes = [
        Route("/", index, methods=["GET"]),
        Route(f"/{ICON}", no_icon, methods=["GET"]),  # asked for by every browser
        Route(f"/{STATIC}/{{name}}", static, methods=["GET"]),
        *(
            Route(f"/{API}/{name}", _answer(council, work), methods=[method])
            for name, work, method in api
        ),
    ]

    async def http_error(_request: Request, error: Exception) -> Response:
        status = error.status_code if isinstance(error, HTTPException) else 400
        detail = error.detail if isinstance(error, HTTPException) else "bad request"
        return JSONResponse({"error": f"path: {detail}"}, status_code=status)

    async def failure(_request: Request, error: Exception) -> Response:
        # A bug: said in one line, never a traceback (the server logs nothing of the body).
        message = json.dumps({"error": f"internal error ({type(error).__name__}); please report"})
        return Response(message, status_code=500, media_type="application/json")

    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: http_error, Exception: failure},
    )
    return Guard(app, token=token, hosts=hosts, origins=origins, cookie=cookie, secure=secure)

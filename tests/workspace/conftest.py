"""A council workspace on the bundled sample's proposals, served in-process."""

from __future__ import annotations

import secrets
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the council extra is not installed")

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2; httpx serves the tests the same
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

from apsperf.segmentation import read_workforce
from apsperf.segmentation.io._samples import sample_calibration_paths
from apsperf.segmentation.model._workforce import Columns, Workforce
from apsperf.segmentation.workspace._app import create_app
from apsperf.segmentation.workspace._council import Council
from apsperf.segmentation.workspace._panels import CopySource, Exports, Panels
from apsperf.segmentation.workspace._store import SessionStore

HOST = "testserver"
ORIGIN = f"http://{HOST}"


def at(name: str) -> str:
    """The address of the API's ``name`` (``at("state")``)."""
    return f"/{'api'}/{name}"


class Workspace:
    """A council, its app and a client that sends the token (``client``) or none (``bare``)."""

    def __init__(
        self, proposed_path: Path, store: Path | None, export_root: Path | None, **council: object
    ) -> None:
        self.path = proposed_path
        self.proposed: Workforce = read_workforce(proposed_path, keep=None)
        self.store = SessionStore.open(store)
        council.setdefault("fairness", ["Gender"])
        self.council = Council(self.proposed, store=self.store, name=proposed_path.name, **council)  # type: ignore[arg-type]
        copy = CopySource(
            data=proposed_path.read_bytes(),
            name=proposed_path.name,
            workbook=proposed_path.suffix == ".xlsx",
            columns=Columns(),
        )
        self.token = secrets.token_urlsafe(32)
        self.app = create_app(
            self.council,
            Exports(self.council, copy, Panels(self.council)),
            token=self.token,
            hosts=[HOST],
            origins=[ORIGIN],
            cookie="apsperf-council-test",
            export_root=export_root,
        )
        self.client = TestClient(self.app, base_url=ORIGIN, raise_server_exceptions=False)
        self.client.headers["Authorization"] = f"Bearer {self.token}"
        self.bare = TestClient(self.app, base_url=ORIGIN, raise_server_exceptions=False)

    def close(self) -> None:
        self.client.close()
        self.bare.close()
        self.store.close()


@pytest.fixture
def sample_path() -> Path:
    return sample_calibration_paths()[0]


@pytest.fixture
def open_workspace(sample_path: Path, tmp_path: Path) -> Iterator[Callable[..., Workspace]]:
    opened: list[Workspace] = []

    def make(
        *, store: Path | None = None, path: Path | None = None, **council: object
    ) -> Workspace:
        workspace = Workspace(path or sample_path, store, tmp_path / "exports", **council)
        opened.append(workspace)
        return workspace

    yield make
    for workspace in opened:
        workspace.close()


@pytest.fixture
def workspace(open_workspace: Callable[..., Workspace]) -> Workspace:
    return open_workspace(chair="Council chair")

"""Bad arguments to the public API are a ValidationError (or a TypeError) naming them.

Never an ``AttributeError`` or another exception from deep inside: every public function
of every package is called with arguments of the wrong type.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any

import pytest

from apsperf import ValidationError
from apsperf._arguments import checked

PACKAGES = (
    "apsperf",
    "apsperf.segmentation",
    "apsperf.guides",
    "apsperf.agreements",
    "apsperf.maturity",
    "apsperf.serialization",
    "apsperf.schema",
    "apsperf.provenance",
    "apsperf.dates",
    "apsperf.findings",
)


def _public_functions() -> list[tuple[str, Callable[..., Any]]]:
    found = []
    for package in PACKAGES:
        module = importlib.import_module(package)
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isfunction(value):
                found.append((f"{package}.{name}", value))
    return found


FUNCTIONS = _public_functions()


def test_the_public_functions_are_found() -> None:
    names = {name for name, _ in FUNCTIONS}
    assert {"apsperf.segmentation.review", "apsperf.maturity.render_html"} <= names
    assert len(FUNCTIONS) > 60


@pytest.mark.parametrize(
    "bad",
    [None, 42, "text", 1.5, b"bytes", object()],
    # Named by type for an object (its repr holds an address, which differs between runs).
    ids=lambda bad: "object()" if type(bad) is object else repr(bad),
)
@pytest.mark.parametrize(("name", "function"), FUNCTIONS, ids=[n for n, _ in FUNCTIONS])
def test_a_wrong_argument_is_a_validation_error_or_type_error(
    name: str, function: Callable[..., Any], bad: object
) -> None:
    parameters = inspect.signature(function).parameters.values()
    required = [p for p in parameters if p.default is p.empty]
    positional = [p for p in required if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    keywords = {p.name: bad for p in required if p.kind == p.KEYWORD_ONLY}
    try:
        function(*[bad] * len(positional), **keywords)
    except (ValidationError, TypeError):
        pass
    except Exception as error:  # the promise is broken: name the function and the exception
        pytest.fail(f"{name}({bad!r}) raised {type(error).__name__}: {error}")


class Thing:
    """A made-up model class."""


def test_checked_names_the_argument_and_what_it_expects() -> None:
    @checked
    def use(thing: Thing, size: float, label: str | None = None) -> str:
        return f"{size}{label}"

    with pytest.raises(ValidationError) as info:
        use(None, 1.0)  # type: ignore[arg-type]
    assert info.value.path == "thing" and "expected Thing, got NoneType" in info.value.message
    with pytest.raises(ValidationError, match="expected float or int, got str"):
        use(Thing(), "2")  # type: ignore[arg-type]
    assert use(Thing(), 2) == "2None"  # an int is a float
    assert use(Thing(), 2, label=3) == "23"  # type: ignore[arg-type]  # options: the function's
    assert use.__name__ == "use"

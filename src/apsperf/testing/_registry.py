"""Which strategy draws each model: the built-in ones, the user's, and derived ones."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import inspect
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from apsperf._validators import TEXT_PATTERN, constraints_of
from apsperf.errors import ValidationError, _shown
from apsperf.testing import _agreements, _core, _guides, _maturity, _segmentation

T = TypeVar("T")

_MODULES = (_core, _segmentation, _guides, _agreements, _maturity)
_REGISTERED: dict[type, st.SearchStrategy[Any]] = {}
_WHOLE_LIMIT = 2**63 - 1


def _drawn_model(function: Callable[..., Any]) -> type | None:
    """The model class a strategy function draws when called without arguments, if any."""
    parameters = inspect.signature(function).parameters.values()
    if any(p.default is p.empty for p in parameters):
        return None
    returned = typing.get_type_hints(function).get("return")
    if typing.get_origin(returned) is not st.SearchStrategy:
        return None
    (drawn,) = typing.get_args(returned)
    if not isinstance(drawn, type) or issubclass(drawn, enum.Enum):
        return None
    return drawn if drawn.__module__.startswith("apsperf.") else None


@functools.cache
def _built_in() -> dict[type, Callable[[], st.SearchStrategy[Any]]]:
    """Model class -> the hand-written strategy that keeps its rules between fields."""
    found: dict[type, Callable[[], st.SearchStrategy[Any]]] = {}
    for module in _MODULES:
        for name in module.__all__:
            function = getattr(module, name)
            drawn = _drawn_model(function)
            if drawn is not None:
                found.setdefault(drawn, function)
    return found


def model_classes() -> tuple[type, ...]:
    """Every apsperf model class with a built-in strategy (enumerations need none)."""
    return tuple(_built_in())


def register(cls: type[T], strategy: st.SearchStrategy[T]) -> None:
    """Use ``strategy`` for ``cls`` from now on, in :func:`strategy_for` and nested models.

    A test suite can narrow what is drawn, for example
    ``register(Segment, st.just(Segment.TOP_TALENT))``.
    """
    if not isinstance(cls, type):
        raise TypeError(f"expected a class, got {type(cls).__name__}")
    if not isinstance(strategy, st.SearchStrategy):
        raise TypeError(f"expected a Hypothesis strategy, got {type(strategy).__name__}")
    _REGISTERED[cls] = strategy


def strategy_for(cls: type[T]) -> st.SearchStrategy[T]:
    """The strategy that draws valid values of ``cls``, for example ``strategy_for(Placement)``.

    Any apsperf model class or enumeration works: one registered with :func:`register`
    wins, then apsperf's own (which keep the rules between fields, such as a plan period
    that ends after it starts), else the values are derived from the field types and the
    constraints each field's validator states (the same ones the JSON Schema shows). A
    class that is neither raises :class:`~apsperf.ValidationError`.
    """
    if isinstance(cls, type) and cls in _REGISTERED:
        return _REGISTERED[cls]
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        return st.sampled_from(cls)
    function = _built_in().get(cls) if isinstance(cls, type) else None
    if function is not None:
        built: st.SearchStrategy[T] = function()
        return built
    if isinstance(cls, type) and attrs.has(cls):
        drawn: st.SearchStrategy[T] = derived(cls)
        return drawn
    known = ", ".join(sorted(c.__name__ for c in _built_in()))
    raise ValidationError(
        f"no strategy for {_shown(getattr(cls, '__name__', cls), 60)}; "
        f"any attrs model or enumeration works, for example: {known}",
        path="cls",
    )


def register_type_strategies() -> None:
    """Register :func:`strategy_for` with Hypothesis for every apsperf model.

    Afterwards ``st.from_type(Placement)`` and ``st.builds`` with inferred arguments draw
    valid values. Nothing registers until this is called (importing apsperf or
    apsperf.testing registers nothing); calling it twice is harmless.
    """
    for cls in _built_in():
        st.register_type_strategy(cls, _deferred(cls))


def _deferred(cls: type[T]) -> st.SearchStrategy[T]:
    return st.deferred(lambda: strategy_for(cls))


def derived(cls: type[Any]) -> st.SearchStrategy[Any]:
    """Values of the attrs class ``cls`` built field by field from types and constraints."""
    attrs.resolve_types(cls)
    fields = {
        f.name: _for_type(f.type, constraints_of(f.validator)) for f in attrs.fields(cls) if f.init
    }
    return st.builds(cls, **fields)


def _for_type(kind: Any, rules: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin is typing.Union or origin is types.UnionType:
        return st.one_of(*(_for_type(arg, rules) for arg in args))
    if kind is None or kind is type(None):
        return st.none()
    if origin is tuple:
        item = rules.get("items", {})
        elements = _for_type(args[0], item) if args else st.none()
        return st.lists(
            elements,
            min_size=rules.get("minItems", 0),
            max_size=rules.get("maxItems", 4),
            unique=bool(rules.get("uniqueItems")),
        ).map(tuple)
    if origin is dict or origin is Mapping:
        return st.dictionaries(_for_type(args[0], {}), _for_type(args[1], {}), max_size=3)
    if kind is bool:
        return st.booleans()
    if kind is int:
        return st.integers(rules.get("minimum", -_WHOLE_LIMIT), rules.get("maximum", _WHOLE_LIMIT))
    if kind is float:
        return st.floats(
            rules.get("minimum"), rules.get("maximum"), allow_nan=False, allow_infinity=False
        )
    if kind is str:
        return _text(rules)
    if kind is dt.date:
        return st.dates()
    if isinstance(kind, type):
        return _deferred(kind)
    raise ValidationError(f"no strategy for the type {_shown(kind, 60)}", path="cls")


def _text(rules: Mapping[str, Any]) -> st.SearchStrategy[str]:
    pattern = rules.get("pattern")
    if pattern is None:
        return st.text(max_size=20)
    if pattern == TEXT_PATTERN:
        return st.text(min_size=1, max_size=20).map(str.strip).filter(bool)
    return st.from_regex(pattern.removeprefix("^").removesuffix("$"), fullmatch=True)

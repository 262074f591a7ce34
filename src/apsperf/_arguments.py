"""Public functions refuse an argument of the wrong type with a message naming it.

``@checked`` reads a function's annotations once, on first call: each required parameter
annotated with a class, or a union of classes (``TalentReview``, ``Workforce | None``,
``str``), is checked with ``isinstance``, and a value of another type raises
:class:`~apsperf.ValidationError` naming the parameter, instead of an ``AttributeError``
from deep inside. Parameters annotated with anything else (``Sequence[str]``, ``TextIO``,
a data frame) are left to the function.
"""

from __future__ import annotations

import functools
import inspect
import types
import typing
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from apsperf.errors import ValidationError

__all__ = ["checked", "items_of"]

F = TypeVar("F", bound=Callable[..., Any])


def _classes(annotation: object) -> tuple[type, ...] | None:
    """The classes an annotation allows, or ``None`` when it is not plain classes."""
    if annotation is None or annotation is type(None):
        return (type(None),)
    if isinstance(annotation, type) and annotation.__module__ not in ("typing", "builtins"):
        return (annotation,)
    if annotation is float:
        return (float, int)  # an int is a float to the type checker too
    if annotation in (str, int, bool, bytes):
        return (cast(type, annotation),)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        found: list[type] = []
        for member in typing.get_args(annotation):
            kinds = _classes(member)
            if kinds is None:
                return None
            found.extend(kinds)
        return tuple(found)
    return None


def _argument_classes(function: Callable[..., Any]) -> dict[str, tuple[type, ...]]:
    """Each required parameter's allowed classes, for those annotated with plain classes.

    Options with defaults (flags, limits) are checked by the function itself, which names
    them in a ``TypeError`` as Python does.
    """
    found: dict[str, tuple[type, ...]] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if parameter.default is not parameter.empty:
            continue
        annotation = parameter.annotation
        if isinstance(annotation, str):
            try:
                annotation = eval(annotation, function.__globals__)
            except Exception:  # a name only imported for type checking: not checked
                continue
        kinds = _classes(annotation)
        if kinds is not None:
            found[name] = kinds
    return found


T = TypeVar("T")


def items_of(values: object, kind: type[T], name: str) -> tuple[T, ...]:
    """``values`` as a tuple, each item a ``kind``; else a ``ValidationError`` naming it.

    For parameters that take a collection of model values (findings, checks, rows): text
    is not such a collection, and an iterator is read once, here.
    """
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise ValidationError(
            f"expected a collection of {kind.__name__}, got {type(values).__name__}", path=name
        )
    found = tuple(values)
    for index, value in enumerate(found):
        if not isinstance(value, kind):
            raise ValidationError(
                f"expected {kind.__name__}, got {type(value).__name__}", path=f"{name}[{index}]"
            )
    return found


def _names(kinds: tuple[type, ...]) -> str:
    return " or ".join("None" if k is type(None) else k.__name__ for k in kinds)


def checked(function: F) -> F:
    """``function``, refusing arguments of the wrong type with a ``ValidationError``."""
    signature = inspect.signature(function)
    classes: dict[str, tuple[type, ...]] | None = None

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal classes
        if classes is None:
            classes = _argument_classes(function)
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            return function(*args, **kwargs)  # Python's own message for a wrong call
        for name, value in bound.arguments.items():
            kinds = classes.get(name)
            if kinds is None or isinstance(value, kinds):
                continue
            raise ValidationError(
                f"expected {_names(kinds)}, got {type(value).__name__}", path=name
            )
        return function(*args, **kwargs)

    return cast(F, wrapper)

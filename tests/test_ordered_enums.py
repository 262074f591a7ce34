"""Every ordered enum in apsperf orders totally, by its rank."""

from __future__ import annotations

import enum
import importlib
import itertools
import pkgutil
import random

import pytest

import apsperf


def _ordered_enums() -> list[type[enum.Enum]]:
    found: dict[str, type[enum.Enum]] = {}
    for info in pkgutil.walk_packages(apsperf.__path__, "apsperf."):
        if info.name.startswith("apsperf.testing") or info.name == "apsperf.__main__":
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, enum.Enum)
                and value.__module__ == info.name
                and any("__lt__" in vars(k) for k in value.__mro__ if k is not object)
            ):
                found[value.__qualname__] = value
    return [found[k] for k in sorted(found)]


ORDERED = _ordered_enums()


def test_the_ordered_enums_are_found() -> None:
    assert {e.__name__ for e in ORDERED} >= {"Severity", "Level"}


@pytest.mark.parametrize("kind", ORDERED, ids=lambda e: e.__name__)
def test_comparisons_agree_with_rank(kind: type[enum.Enum]) -> None:
    members: list[enum.Enum] = list(kind)
    rank = {m: m.rank for m in members}
    for a, b in itertools.product(members, repeat=2):
        assert (a < b) is (rank[a] < rank[b])  # type: ignore[operator]
        assert (a <= b) is (rank[a] <= rank[b])  # type: ignore[operator]
        assert (a > b) is (rank[a] > rank[b])  # type: ignore[operator]
        assert (a >= b) is (rank[a] >= rank[b])  # type: ignore[operator]
    for seed in range(20):
        shuffled = members[:]
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled) == sorted(members, key=rank.__getitem__)  # type: ignore[type-var]
        assert max(shuffled) == max(members, key=rank.__getitem__)  # type: ignore[type-var]


@pytest.mark.parametrize("kind", ORDERED, ids=lambda e: e.__name__)
def test_comparing_with_another_type_is_a_type_error(kind: type[enum.Enum]) -> None:
    member = next(iter(kind))
    with pytest.raises(TypeError):
        _ = member <= 1  # type: ignore[operator]

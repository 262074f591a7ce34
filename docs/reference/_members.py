"""Griffe extension: keep special-method noise out of the API reference.

The reference lists each class's public members. Griffe counts every special method
(``__attrs_post_init__``, ``__repr__``...) as public, because Python calls them through public
means; but a reader has nothing to call there. This hides ``__attrs_post_init__`` (attrs'
validation hook) and every special method without a docstring, and keeps a documented one
(``__contains__`` of a cycle, for example) and ``__init__`` (merged into its class).
"""

from __future__ import annotations

from typing import Any

import griffe

ALWAYS_HIDDEN = frozenset({"__attrs_post_init__"})


def hidden(member: griffe.Object | griffe.Alias) -> bool:
    """True for a class member the reference leaves out."""
    name = member.name
    if not (name.startswith("__") and name.endswith("__")) or name == "__init__":
        return False
    return name in ALWAYS_HIDDEN or member.docstring is None


class QuietMembers(griffe.Extension):
    """Drop hidden special members from every class, once the package is loaded.

    They are removed rather than marked private: the reference reaches most classes through
    the aliases a package exports, and an alias judges its members' visibility for itself.
    """

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        self._walk(pkg, set())

    def _walk(self, obj: griffe.Object, seen: set[str]) -> None:
        if obj.path in seen:
            return
        seen.add(obj.path)
        for name, member in list(obj.members.items()):
            if member.is_alias:
                continue
            if obj.is_class and hidden(member):
                del obj.members[name]
                continue
            self._walk(member, seen)  # type: ignore[arg-type]

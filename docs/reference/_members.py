"""Griffe extension: keep special-method noise out of the API reference.

The reference lists each class's public members. Griffe counts every special method
(``__attrs_post_init__``, ``__repr__``...) as public, because Python calls them through public
means; but a reader has nothing to call there. This hides ``__attrs_post_init__`` (attrs'
validation hook) and every special method without a docstring, and keeps a documented one
(``__contains__`` of a cycle, for example) and ``__init__`` (merged into its class).

A second extension keeps an exported name that a submodule shares (``apsperf.guides.render``,
the function, and ``render/``, the layer) pointing at what the package exports.
"""

from __future__ import annotations

from contextlib import suppress
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


class ExportsOverSubmodules(griffe.Extension):
    """Document what a package exports under a name that one of its submodules also has.

    ``apsperf.guides`` exports the function ``render`` and keeps its rendering layer in the
    folder ``render/``. Python gives the package attribute to the function (imported after
    the folder); Griffe gives it to the submodule, which would drop the function from the
    reference. This puts the exported object back, once the package's aliases into that
    submodule have found their targets (the submodule's path no longer leads to them).
    """

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        self._walk(pkg)

    def _walk(self, module: griffe.Module) -> None:
        exports = {str(name) for name in module.exports or ()}
        for name, member in list(module.members.items()):
            if not isinstance(member, griffe.Module):
                continue
            target = module.imports.get(name)
            if name not in exports or target is None or target == member.path:
                self._walk(member)
                continue
            for alias in module.members.values():
                if isinstance(alias, griffe.Alias) and alias.target_path.startswith(
                    member.path + "."
                ):
                    with suppress(griffe.AliasResolutionError, griffe.CyclicAliasError):
                        alias.resolve_target()
            exported = module.modules_collection.get_member(target)
            module.set_member(name, griffe.Alias(name, exported, parent=module))

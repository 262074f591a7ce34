"""Present public classes under their public module name (``apsperf.segmentation.Level``)."""

from __future__ import annotations

from typing import Any

import attrs


def relabel(
    namespace: dict[str, Any], names: list[str] | tuple[str, ...], *, module: str | None = None
) -> None:
    """Give each named class in ``namespace`` the module ``module`` (``namespace['__name__']``).

    Type annotations of attrs classes are resolved first, in their defining module, so that
    tools that read them later (cattrs, typing.get_type_hints) still find every name. A
    class that already lives in a public module (``apsperf.provenance.Edition``, re-exported
    by several packages) keeps its home.
    """
    module = module or namespace["__name__"]
    for name in names:
        obj = namespace[name]
        if not isinstance(obj, type):
            continue
        if not any(part.startswith("_") for part in obj.__module__.split(".")):
            continue
        if attrs.has(obj):
            attrs.resolve_types(obj)
        obj.__module__ = module

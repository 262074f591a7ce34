"""Hypothesis strategies for apsperf models, for property-testing code that uses apsperf.

An HR system that stores placements, a notebook that summarises a talent review or a tool
that exchanges apsperf documents can let Hypothesis (https://hypothesis.readthedocs.io)
generate the values instead of hand-writing fixtures. Every strategy draws only values the
library accepts, including awkward ones (non-ASCII names, missing optional dates, the
earliest and latest calendar dates), so a property test finds what an example test misses.

- :func:`strategy_for` gives the strategy of any model class or enumeration.
- :func:`register` replaces the strategy of a class (also where it is nested in others).
- :func:`register_type_strategies` makes ``st.from_type(Placement)`` work; nothing is
  registered with Hypothesis until it is called.
- :func:`placements`, :func:`workforces` and :func:`plans` take the refinements tests ask
  for most: a segment, a workforce size, a plan status.

Field constraints (non-blank text, bounds, unique items) are stated once, by each field's
validator; the JSON Schemas of :mod:`apsperf.schema` and these strategies both come from
them. Rules between fields (a plan period that ends after it starts) stay in the models,
and the built-in strategies build values that keep them.

This module needs Hypothesis: ``pip install 'apsperf[testing]'``. Without it, importing
this module raises :class:`apsperf.MissingDependencyError`; ``import apsperf`` never
imports it.
"""

from __future__ import annotations

from apsperf.errors import require

require("hypothesis", extra="testing", purpose="apsperf.testing")

from apsperf.testing._agreements import plans  # noqa: E402
from apsperf.testing._registry import (  # noqa: E402
    model_classes,
    register,
    register_type_strategies,
    strategy_for,
)
from apsperf.testing._segmentation import placements, workforces  # noqa: E402

__all__ = [
    "model_classes",
    "placements",
    "plans",
    "register",
    "register_type_strategies",
    "strategy_for",
    "workforces",
]

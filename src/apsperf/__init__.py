"""apsperf: typed models of Australian public-sector performance and talent frameworks.

Importing ``apsperf`` is cheap: it loads no content files and no optional dependency.
The domains live in subpackages: :mod:`apsperf.segmentation`, :mod:`apsperf.guides`,
:mod:`apsperf.agreements` and :mod:`apsperf.maturity`.
"""

from apsperf.errors import ApsperfError, MissingDependencyError, ValidationError
from apsperf.findings import Finding, Severity

__version__ = "0.1.0"

__all__ = [
    "ApsperfError",
    "Finding",
    "MissingDependencyError",
    "Severity",
    "ValidationError",
    "__version__",
]

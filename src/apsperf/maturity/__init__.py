"""The SES Performance Leadership Framework's maturity model.

Agencies self-assess the five elements of the Framework (:class:`Element`) on an ordered
maturity scale (:class:`MaturityScale`, default :func:`default_scale`); a complete
:class:`SelfAssessment` yields a :class:`MaturityState` with aggregate ratings and focus
areas. :func:`milestone_progress` tracks the staged implementation, and :func:`rollup`
with :func:`render_report` gives the APS-wide oversight view; :func:`compare_rollups` with
:func:`render_comparison` compares two years.
"""

from apsperf._public import relabel
from apsperf.maturity.analysis._compare import (
    AgencyChange,
    ElementChange,
    ElementMovement,
    LevelMovement,
    RollupComparison,
    compare_rollups,
)
from apsperf.maturity.analysis._notices import SYNTHETIC_NOTICE
from apsperf.maturity.analysis._results import MaturityAssessReport, assess_maturity
from apsperf.maturity.analysis._rollup import (
    AgencyBelow,
    AgencyMerge,
    AgencySummary,
    ElementDistribution,
    ElementSummary,
    Rollup,
    agency_key,
    rollup,
)
from apsperf.maturity.analysis._state import (
    ElementState,
    FocusArea,
    MaturityState,
    check_self_assessment,
    maturity_state,
)
from apsperf.maturity.io._assessments import load_self_assessment, load_self_assessments
from apsperf.maturity.io._samples import load_samples, sample_files
from apsperf.maturity.io._scale_files import default_scale, load_scale, scale_from_toml
from apsperf.maturity.model._assessment import (
    AggregateRatings,
    Aggregation,
    ElementRating,
    SelfAssessment,
    aggregate,
)
from apsperf.maturity.model._elements import REPORTING_AND_EVALUATION, Element
from apsperf.maturity.model._milestones import (
    AGENCY_SURVEY_2024_CLOSES,
    AGENCY_SURVEY_2024_OPENS,
    IMPLEMENT_BY,
    ImplementationRecord,
    Milestone,
    MilestoneKind,
    MilestoneProgress,
    MilestoneStatus,
    Timeline,
    default_timeline,
    milestone_progress,
)
from apsperf.maturity.model._scale import MaturityLevel, MaturityScale
from apsperf.maturity.render import _notebook  # noqa: F401  (registers the notebook displays)
from apsperf.maturity.render._compare_report import render_comparison
from apsperf.maturity.render._report import (
    ReportFormat,
    render_agencies_csv,
    render_chart_svg,
    render_distribution_csv,
    render_html,
    render_markdown,
    render_report,
    render_text,
)

__all__ = [
    "AGENCY_SURVEY_2024_CLOSES",
    "AGENCY_SURVEY_2024_OPENS",
    "IMPLEMENT_BY",
    "REPORTING_AND_EVALUATION",
    "SYNTHETIC_NOTICE",
    "AgencyBelow",
    "AgencyChange",
    "AgencyMerge",
    "AgencySummary",
    "AggregateRatings",
    "Aggregation",
    "Element",
    "ElementChange",
    "ElementDistribution",
    "ElementMovement",
    "ElementRating",
    "ElementState",
    "ElementSummary",
    "FocusArea",
    "ImplementationRecord",
    "LevelMovement",
    "MaturityAssessReport",
    "MaturityLevel",
    "MaturityScale",
    "MaturityState",
    "Milestone",
    "MilestoneKind",
    "MilestoneProgress",
    "MilestoneStatus",
    "ReportFormat",
    "Rollup",
    "RollupComparison",
    "SelfAssessment",
    "Timeline",
    "agency_key",
    "aggregate",
    "assess_maturity",
    "check_self_assessment",
    "compare_rollups",
    "default_scale",
    "default_timeline",
    "load_samples",
    "load_scale",
    "load_self_assessment",
    "load_self_assessments",
    "maturity_state",
    "milestone_progress",
    "render_agencies_csv",
    "render_chart_svg",
    "render_comparison",
    "render_distribution_csv",
    "render_html",
    "render_markdown",
    "render_report",
    "render_text",
    "rollup",
    "sample_files",
    "scale_from_toml",
]

relabel(globals(), __all__)

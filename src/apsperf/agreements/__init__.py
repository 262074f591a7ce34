"""Performance agreements and assessments for senior executives.

Two instruments live here:

- the Tasmanian Government's *Senior Executive Performance Management Plan*
  (:class:`PerformanceManagementPlan`): plan details, signatures and five sections, kept
  over the performance cycle as a hash-chained list of revisions, checked against the
  template's guidance (:func:`check_plan`), compared with an older copy
  (:func:`verify_continuation`) and rendered like the paper template;
- the APS *SES Performance Leadership Framework* assessment (:class:`SesAssessment`):
  a behaviours rating and an outcomes rating combined by a policy (default:
  :class:`NonCompensatoryPolicy`; or :class:`WeightedElementsPolicy` over weighted
  elements) so that outcomes never offset a behavioural concern, with what follows from
  the result recorded: reward and recognition, development, unsatisfactory performance.
"""

from apsperf._public import relabel
from apsperf.agreements.analysis._assessment import (
    AssessmentResult,
    AssessmentStatus,
    DevelopmentArea,
    DevelopmentPlan,
    Expectation,
    Rating,
    RewardDecision,
    SesAssessment,
    UnsatisfactoryPerformanceProcess,
    assess,
    assess_elements,
    check_assessment,
)
from apsperf.agreements.analysis._check import EARLY_CLOSE_SHARE, SIGNATURE_TOLERANCE, check_plan
from apsperf.agreements.analysis._results import PlanCheckReport, PlanVerification
from apsperf.agreements.analysis._verify import verify_continuation
from apsperf.agreements.io._policies import load_weighted_policy
from apsperf.agreements.io._scales import default_scales, load_scales
from apsperf.agreements.io._template import load_plan_template, plan_template, template_edition
from apsperf.agreements.model._lifecycle import (
    PerformanceManagementPlan,
    PlanEvent,
    PlanHead,
    PlanStatus,
    ReviewNotes,
    Revision,
    changed_paths,
)
from apsperf.agreements.model._plan import (
    CareerAspirations,
    LeadershipBehaviour,
    LeadershipCapability,
    LearningFocus,
    LearningNeed,
    LearningPriority,
    PerformanceMeasure,
    PlanContent,
    PlanDetails,
    Signature,
    WorkingRelationship,
    WorkOutcome,
)
from apsperf.agreements.model._policies import (
    AssessmentPolicy,
    CriticalElement,
    ElementKind,
    MidpointPolicy,
    NonCompensatoryPolicy,
    PointsBand,
    WeightedElementsPolicy,
    shipped_policies,
    verify_policy,
)
from apsperf.agreements.model._scales import AssessmentScales, RatingLevel, RatingScale
from apsperf.agreements.model._template import (
    DetailLabels,
    OutcomeGuidance,
    PlanTemplate,
    TemplatePrompts,
    TemplateSection,
)
from apsperf.agreements.render import _notebook  # noqa: F401  (registers the notebook displays)
from apsperf.agreements.render._render import render_html, render_markdown
from apsperf.dates import PerformanceCycle, financial_year
from apsperf.provenance import Edition, TextFix

_FROM_DATES = ("PerformanceCycle", "financial_year")

__all__ = [
    "EARLY_CLOSE_SHARE",
    "SIGNATURE_TOLERANCE",
    "AssessmentPolicy",
    "AssessmentResult",
    "AssessmentScales",
    "AssessmentStatus",
    "CareerAspirations",
    "CriticalElement",
    "DetailLabels",
    "DevelopmentArea",
    "DevelopmentPlan",
    "Edition",
    "ElementKind",
    "Expectation",
    "LeadershipBehaviour",
    "LeadershipCapability",
    "LearningFocus",
    "LearningNeed",
    "LearningPriority",
    "MidpointPolicy",
    "NonCompensatoryPolicy",
    "OutcomeGuidance",
    "PerformanceCycle",
    "PerformanceManagementPlan",
    "PerformanceMeasure",
    "PlanCheckReport",
    "PlanContent",
    "PlanDetails",
    "PlanEvent",
    "PlanHead",
    "PlanStatus",
    "PlanTemplate",
    "PlanVerification",
    "PointsBand",
    "Rating",
    "RatingLevel",
    "RatingScale",
    "ReviewNotes",
    "Revision",
    "RewardDecision",
    "SesAssessment",
    "Signature",
    "TemplatePrompts",
    "TemplateSection",
    "TextFix",
    "UnsatisfactoryPerformanceProcess",
    "WeightedElementsPolicy",
    "WorkOutcome",
    "WorkingRelationship",
    "assess",
    "assess_elements",
    "changed_paths",
    "check_assessment",
    "check_plan",
    "default_scales",
    "financial_year",
    "load_plan_template",
    "load_scales",
    "load_weighted_policy",
    "plan_template",
    "render_html",
    "render_markdown",
    "shipped_policies",
    "template_edition",
    "verify_continuation",
    "verify_policy",
]

# PerformanceCycle and financial_year belong to apsperf.dates; they are re-exported here.
relabel(globals(), [name for name in __all__ if name not in _FROM_DATES])

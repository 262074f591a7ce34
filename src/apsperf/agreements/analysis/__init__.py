"""Analysis: SES assessments and their results, plan checks and plan continuation."""

"""The maturity model's values: elements, scales, milestones, self-assessments; no I/O, no HTML."""

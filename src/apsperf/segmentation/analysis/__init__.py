"""Analysis: reviews, movement, checks, rater effects, fairness, history and calibration.

Builds the report values every renderer takes; imports the model and reading layers only.
"""

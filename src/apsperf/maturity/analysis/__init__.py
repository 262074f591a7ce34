"""Analysis: maturity states, findings, roll-ups, year-on-year comparisons and their notices."""

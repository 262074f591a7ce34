"""Reading: rating scales, template wording and weighted policies, shipped or an agency's own."""

"""The agreements' values: plans and their revision chain, scales, template wording, policies."""

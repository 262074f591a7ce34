"""Analysis: filled-in self-reflections, their checks, and conversation packs."""

"""The Talent Segmentation Model's values: levels, segments, placements, a workforce.

No input or output and no rendering: the other layers build on these.
"""

"""The command line: arguments, then one report value, then its renderings.

The only layer that may reach other domains' commands (``--packs`` uses the guides).
"""

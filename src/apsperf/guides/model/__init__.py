"""The guides' values: guides, templates, a guidebook; no input, output or rendering."""

"""Rendering: plans as Markdown and HTML like the paper template, and notebook displays."""

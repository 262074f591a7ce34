"""Rendering: guides, templates and packs as Markdown, HTML or text; pack folders."""

"""Rendering: text, Markdown, HTML, CSV, SVG and notebook displays of maturity results."""

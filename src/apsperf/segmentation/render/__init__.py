"""Rendering: text, HTML, SVG, .xlsx, CSV, data frames and notebook displays of report values.

Imports the model, reading and analysis layers; nothing below it but the command line.
"""

"""Reading: CSV, .xlsx, rows and data frames into one ``Workforce``; label files; samples.

Imports only the model layer.
"""

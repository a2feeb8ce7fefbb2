"""Spreadsheets in and out: bureau lists imported into platform YAML, the registry exported as xlsx."""

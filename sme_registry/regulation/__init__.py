"""The measures' vocabulary, numbers, thresholds, working days and credit codes."""

"""The regulation's rules over a loaded registry, and how problems are reported."""

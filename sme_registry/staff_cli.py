"""`python -m sme_registry.staff_cli …`: the staff commands (see sme_registry.staff.cli)."""

from __future__ import annotations

import sys

from sme_registry.staff.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())

"""Where the engine's own files are: schema/, theme/ and pelicanconf.py.

In a checkout they sit beside the package; `pip install .` ships them as data files under
<prefix>/share/sme-registry/ (pyproject.toml, [tool.setuptools.data-files]).
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
INSTALLED = Path(sys.prefix) / "share" / "sme-registry"


def engine_path(name: str) -> Path:
    """`name` (schema, theme, pelicanconf.py) of this engine: the checkout's, else the installed copy."""
    here = CHECKOUT / name
    if (CHECKOUT / "pyproject.toml").is_file() and here.exists():
        return here
    return INSTALLED / name

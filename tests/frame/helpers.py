"""Helpers of the host-frame tests: a temporary copy of the example registry with changed
settings, built; and small PNG/JPEG images made in memory."""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import yaml

from sme_registry.site.build import build_site
from tests.conftest import EXAMPLE_TODAY, ROOT


def registry_copy(tmp_path: Path) -> Path:
    """data/ and content/ of the example registry, copied (the engine is the package's)."""
    src = tmp_path / "registry"
    for part in ("data", "content"):
        shutil.copytree(ROOT / part, src / part)
    return src


def set_setting(src: Path, dotted: str, value) -> None:
    path = src / "data/site.yaml"
    site = yaml.safe_load(path.read_text(encoding="utf-8"))
    *parents, last = dotted.split(".")
    node = site
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value
    path.write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8")


def build(src: Path, tmp_path: Path, **options) -> Path:
    out = tmp_path / "output"
    assert build_site(src, out, EXAMPLE_TODAY, **options) == 0, "网站应能生成"
    return out


def png(width: int = 2, height: int = 3, colour: bytes = b"\xc0\x00\x00") -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + colour * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def jpeg() -> bytes:
    """The smallest shape image_kind accepts as JPEG: SOI, an APP0 segment, EOI."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"

"""Writes the example notice attachment (示例), a minimal valid one-page PDF, deterministically.

    .venv/bin/python scripts/example_attachment_pdf.py content/notices/2026-11-23-gongshi/评审工作说明（示例）.pdf

The text is set in STSong-Light, one of the standard CJK fonts every PDF reader provides
(Adobe-GB1, UCS-2 encoding), so nothing is embedded and the file stays about 1.5 KB.
No dates, no IDs: the same script writes the same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

LINES = (
    (18, "评审工作说明（示例）"),
    (12, "本文件为演示用示例附件，内容虚构，不代表真实评审。"),
    (12, "聊城市中小企业公共服务示范平台名录 · 示例数据"),
)


def _hex(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def pdf() -> bytes:
    y, ops = 780, []
    for size, text in LINES:
        ops.append(f"BT /F1 {size} Tf 72 {y} Td {_hex(text)} Tj ET")
        y -= size * 2
    stream = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
        b"<< /Title (\xfe\xff" + "评审工作说明（示例）".encode("utf-16-be").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b") >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf())

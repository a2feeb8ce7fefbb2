"""Static SVG charts written at build time (no JavaScript, no chart library).

Each chart carries its own <title> and <desc> (the numbers in words), prints every value
as text beside its bar, and uses one dark fill plus a hatched second series, so it reads
in greyscale print and never depends on colour alone. Fills are SVG presentation
attributes, not inline styles, so the page's CSP (style-src 'self') is respected.
Every string is XML-escaped here; the caller may insert the result as markup.
"""

from __future__ import annotations

from html import escape

WIDTH = 400
FONT = 14  # user units; the SVG scales with its container
ROW = 30
BAR = 20
INK = "#1b1b1b"
DARK = "#0b4f8a"  # 8.6:1 on white
HATCH_LINE = "#0b4f8a"


def _num(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _text_width(label: str) -> float:
    """Rough width of a label in user units (CJK full width, others about half)."""
    return sum(FONT if ord(ch) > 0x2E80 else FONT * 0.6 for ch in label)


def _defs(chart_id: str) -> str:
    return (
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH_LINE}" stroke-width="2.5"/></pattern></defs>'
    )


def _fill(chart_id: str, index: int) -> str:
    return DARK if index == 0 else f"url(#{chart_id}-hatch)"


def _open(chart_id: str, title: str, desc: str, height: float) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {WIDTH} {height:g}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" font-size="{FONT}" fill="{INK}">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>'
    )


def _legend(chart_id: str, series: list[str], y: float) -> str:
    parts, x = [], 0.0
    for index, name in enumerate(series):
        parts.append(
            f'<rect x="{x:g}" y="{y - 12:g}" width="14" height="14" fill="{_fill(chart_id, index)}" '
            f'stroke="{DARK}" stroke-width="1"/>'
            f'<text x="{x + 20:g}" y="{y:g}">{escape(name)}</text>'
        )
        x += 20 + _text_width(name) + 24
    return "".join(parts)


def hbar_chart(chart_id: str, title: str, rows: list[tuple[str, list[int | float]]],
               series: list[str], unit: str = "") -> str:
    """Horizontal bars, one row per label; several series are stacked (first solid,
    second hatched) and the row's total is printed at the bar's end."""
    label_w = min(max((_text_width(label) for label, _ in rows), default=0) + 12, WIDTH * 0.45)
    value_w = 56
    area = WIDTH - label_w - value_w
    top = 28 if len(series) > 1 else 6
    height = top + ROW * len(rows) + 6
    peak = max((sum(values) for _, values in rows), default=0) or 1
    desc = "；".join(
        f"{label} {_num(sum(values))}{unit}"
        + (f"（{'，'.join(f'{s} {_num(v)}' for s, v in zip(series, values, strict=True))}）" if len(series) > 1 else "")
        for label, values in rows
    )
    out = [_open(chart_id, title, desc, height)]
    if len(series) > 1:
        out.append(_defs(chart_id))
        out.append(_legend(chart_id, series, 16))
    for i, (label, values) in enumerate(rows):
        y = top + i * ROW
        out.append(f'<text x="{label_w - 8:g}" y="{y + BAR - 5:g}" text-anchor="end">{escape(label)}</text>')
        x = label_w
        for index, value in enumerate(values):
            w = area * value / peak
            if w > 0:
                out.append(f'<rect x="{x:g}" y="{y:g}" width="{w:.1f}" height="{BAR}" fill="{_fill(chart_id, index)}" '
                           f'stroke="{DARK}" stroke-width="1"/>')
            x += w
        out.append(f'<text x="{x + 6:g}" y="{y + BAR - 5:g}">{_num(sum(values))}</text>')
    out.append(f'<line x1="{label_w:g}" y1="{top - 3:g}" x2="{label_w:g}" y2="{height - 4:g}" stroke="{INK}"/>')
    out.append("</svg>")
    return "".join(out)


def column_chart(chart_id: str, title: str, rows: list[tuple[str, int | float]], unit: str = "") -> str:
    """Vertical columns in order (a trend), value above each column, label below."""
    height = 230
    base = height - 30
    top = 26
    n = max(len(rows), 1)
    slot = (WIDTH - 20) / n
    col = min(slot * 0.6, 56)
    peak = max((value for _, value in rows), default=0) or 1
    desc = "；".join(f"{label} {_num(value)}{unit}" for label, value in rows)
    out = [_open(chart_id, title, desc, height)]
    for i, (label, value) in enumerate(rows):
        cx = 10 + slot * i + slot / 2
        h = (base - top) * value / peak
        if h > 0:
            out.append(f'<rect x="{cx - col / 2:.1f}" y="{base - h:.1f}" width="{col:.1f}" height="{h:.1f}" '
                       f'fill="{DARK}" stroke="{DARK}" stroke-width="1"/>')
        out.append(f'<text x="{cx:.1f}" y="{base - h - 6:.1f}" text-anchor="middle">{_num(value)}</text>')
        out.append(f'<text x="{cx:.1f}" y="{base + 20:.1f}" text-anchor="middle">{escape(label)}</text>')
    out.append(f'<line x1="4" y1="{base:g}" x2="{WIDTH - 4}" y2="{base:g}" stroke="{INK}"/>')
    out.append("</svg>")
    return "".join(out)


def stats_charts(stats: dict) -> dict[str, str]:
    """The 统计 page's charts, keyed like the stats figures."""
    two = ["当前有效", "其他状态"]

    def split(rows, key):
        return [(r[key], [r["in_force"], r["platforms"] - r["in_force"]]) for r in rows]

    return {
        "by_county": hbar_chart("chart-county", "各县（市、区）平台数", split(stats["by_county"], "county"), two, "个"),
        "by_category": hbar_chart("chart-category", "各类别平台数", split(stats["by_category"], "category"), two, "个"),
        "by_service": hbar_chart("chart-service", "提供各项服务功能的平台数", split(stats["by_service"], "service"), two, "个"),
        "by_batch": hbar_chart(
            "chart-batch", "各批次认定数",
            [(f"{r['batch']} 年", [r["first"], r["renewals"]]) for r in stats["by_batch"]], ["首次认定", "再次认定"], "项"),
        "by_status": hbar_chart(
            "chart-status", "平台状态", [(r["label"], [r["platforms"]]) for r in stats["by_status"]], ["平台数"], "个"),
        "valid_by_year": column_chart(
            "chart-trend", "历年年末有效的认定数",
            [(str(r["year"]), r["in_force"]) for r in stats["valid_by_year"]], "个"),
    }

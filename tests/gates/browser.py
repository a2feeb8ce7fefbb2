"""Browser helpers of the gates: axe-core runs and keyboard walks."""

from __future__ import annotations

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def run_axe(page, axe_source: str) -> list[dict]:
    """Inject axe-core through the DevTools protocol (page.evaluate) and run the WCAG 2.1 A/AA
    rules on the page as it is. This works with the page's JavaScript disabled too: the
    evaluation is not page script, so the no-JS DOM (noscript content parsed, no script
    changes) is exactly what gets checked."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return result["violations"]


def describe_violations(url: str, violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        nodes = "; ".join(f"{' '.join(map(str, n['target']))} → {n['html'][:90]}" for n in v["nodes"][:3])
        lines.append(f"{url}: [{v['id']}/{v.get('impact')}] {v['help']}（{len(v['nodes'])} 处）：{nodes}")
    return lines


FOCUSABLE = ("a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, iframe, "
             "[contenteditable=''], [contenteditable=true], [tabindex]:not([tabindex='-1'])")

_SNAPSHOT = """selector => {
  const look = el => { const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.outlineOffset, s.boxShadow, s.backgroundColor,
            s.color, s.textDecorationLine, s.borderColor].join('|'); };
  const shown = el => !el.disabled && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
    && !el.closest('[hidden], [inert]');
  // A radio group is one Tab stop (arrow keys move inside it): keep one radio per group.
  const groups = new Set();
  const items = [...document.querySelectorAll(selector)].filter(shown).filter(el => {
    if (el.type !== 'radio' || !el.name) return true;
    const key = (el.form ? 'f' : 'd') + '|' + el.name;
    if (groups.has(key)) return false;
    groups.add(key); return true;
  });
  const groupOf = el => items.findIndex(i => i.type === 'radio' && i.name === el.name && i.form === el.form);
  window.__gateFocus = { items, looks: items.map(look), look, groupOf };
  if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
  return items.map(el => el.outerHTML.slice(0, 100));
}"""

_STEP = """() => {
  const g = window.__gateFocus, el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {index: -2};
  let index = g.items.indexOf(el);
  if (index < 0 && el.type === 'radio') index = g.groupOf(el);
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  const indicator = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  const before = index >= 0 && g.items[index] === el ? g.looks[index] : null;
  return { index, html: el.outerHTML.slice(0, 100), changed: before === null || g.look(el) !== before,
           indicator, onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
             && r.left < innerWidth + 1 };
}"""


def walk_keyboard(page, limit: int = 400) -> dict:
    """Tab through the page from the top. Returns the focusable elements, the order Tab
    reached them in and every stop where focus was not visibly indicated."""
    items = page.evaluate(_SNAPSHOT, FOCUSABLE)
    reached: list[int] = []
    invisible: list[str] = []
    strangers: list[str] = []
    for _ in range(min(limit, len(items) + 40)):
        page.keyboard.press("Tab")
        step = page.evaluate(_STEP)
        if step["index"] == -2 or (reached and step["index"] == reached[0]):
            break
        if step["index"] == -1:
            strangers.append(step["html"])
            continue
        if step["index"] in reached:
            break
        reached.append(step["index"])
        if not (step["changed"] and step["indicator"] and step["onScreen"]):
            invisible.append(step["html"])
    return {"items": items, "reached": reached, "invisible": invisible, "strangers": strangers}

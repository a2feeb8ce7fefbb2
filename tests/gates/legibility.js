/* Legibility measurements of the page as laid out (run by tests/gates/test_legibility.py
   through page.evaluate, so the page's CSP does not apply). Returns a list of problems,
   each {rule, where, text, detail}. Three rules:

   squeezed  a text node with >= 4 CJK characters laid out on 2+ lines with <= 2
             characters per line (caption one character per line, "2023（当前）" stacked);
   broken    an atomic value (a date, a number, a code, a short label that is a whole
             table cell) split across lines inside a table cell, a card or a definition;
   clipped   text cut off: an element that does not scroll but whose content is wider
             than its box (scrollWidth > clientWidth), and the page itself scrolling sideways. */
() => {
  const CJK = /[\u3400-\u9fff\uf900-\ufaff]/g;
  const ATOMIC = /\d{4}-\d{2}-\d{2}|[0-9A-Za-z][0-9A-Za-z_\-.@]*[0-9A-Za-z]|\d/g;
  const MAX_ATOMIC = 24;
  const problems = [];
  // Hidden, or visually hidden for screen readers only (clipped to a 1 px box, like the
  // card layout's <thead>): not laid out for reading.
  const hiddenCache = new Map();
  const clippedAway = (el) => {
    if (!el || el === document.body) return false;
    if (hiddenCache.has(el)) return hiddenCache.get(el);
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const away = (s.clip !== "auto" && s.position === "absolute") || (s.overflow === "hidden" && r.width <= 2)
      || clippedAway(el.parentElement);
    hiddenCache.set(el, away);
    return away;
  };
  const shown = (el) => {
    if (!el || el.closest("[hidden], .visually-hidden, noscript, svg, script, style")) return false;
    const s = getComputedStyle(el);
    return s.display !== "none" && s.visibility !== "hidden" && el.getClientRects().length > 0 && !clippedAway(el);
  };
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
      let p = e.tagName.toLowerCase();
      if (e.id) { parts.unshift(p + "#" + e.id); break; }
      if (e.classList.length) p += "." + [...e.classList].join(".");
      parts.unshift(p);
    }
    return parts.join(" > ");
  };
  // Line boxes of characters [start, end) of a text node: distinct rounded tops of the
  // per-character rectangles (a character may give two rects at a soft wrap; use the first).
  const range = document.createRange();
  const linesOf = (node, start, end) => {
    const lines = new Map();
    const chars = Array.from(node.data.slice(start, end));
    let offset = start;
    for (const ch of chars) {
      range.setStart(node, offset);
      range.setEnd(node, offset + ch.length);
      offset += ch.length;
      if (!ch.trim()) continue;
      const rect = range.getClientRects()[0];
      if (!rect || rect.width === 0) continue;
      const top = Math.round(rect.top + rect.height / 2);
      let key = null;
      for (const k of lines.keys()) if (Math.abs(k - top) < rect.height / 2) key = k;
      if (key === null) lines.set(top, { n: 1, left: rect.left, width: rect.width });
      else { const l = lines.get(key); l.n += 1; l.left = Math.min(l.left, rect.left); }
    }
    return [...lines.values()];
  };
  const counts = (lines) => lines.map((l) => l.n);
  // Two short fragments are an inline run wrapping at the end of a line (fine) unless they
  // start at the same left edge, i.e. stand in a column one or two characters wide.
  const column = (lines) => lines.length >= 3 ||
    (lines.length === 2 && Math.abs(lines[0].left - lines[1].left) < lines[0].width);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data;
    if (!text.trim()) continue;
    const el = node.parentElement;
    if (!shown(el)) continue;
    const cjk = (text.match(CJK) || []).length;
    if (cjk >= 4) {
      // Cheap pre-check: fragments of the whole node; only a suspicious node is measured per character.
      range.selectNodeContents(node);
      const rects = range.getClientRects().length;
      if (rects >= 2 && text.trim().length / rects <= 3) {
        const lines = linesOf(node, 0, text.length);
        if (lines.length >= 2 && Math.max(...counts(lines)) <= 2 && column(lines)) {
          problems.push({ rule: "squeezed", where: where(el), text: text.trim().slice(0, 40),
                          detail: `${lines.length} 行，每行最多 ${Math.max(...counts(lines))} 个字` });
        }
      }
    }
    const box = el.closest("td, th, caption, dd, dt, .badge, .tag, time");
    if (!box) continue;
    const cellText = (box.textContent || "").trim();
    const tokens = [];
    let m;
    ATOMIC.lastIndex = 0;
    while ((m = ATOMIC.exec(text)) !== null) {
      if (m[0].length <= MAX_ATOMIC) tokens.push([m.index, m.index + m[0].length, m[0]]);
    }
    // A short label that is a whole cell (综合类, 有效) is atomic too.
    if (box.matches("td, th") && box.childNodes.length === 1 && node === box.firstChild &&
        Array.from(cellText).length <= 6 && !/\s/.test(cellText)) {
      const i = text.indexOf(cellText);
      if (!tokens.some(([a, b]) => a === i && b === i + cellText.length)) tokens.push([i, i + cellText.length, cellText]);
    }
    for (const [start, end, token] of tokens) {
      if (end - start < 2) continue;
      const lines = linesOf(node, start, end);
      if (lines.length >= 2) {
        problems.push({ rule: "broken", where: where(el), text: token,
                        detail: `拆成 ${lines.length} 行：${counts(lines).join("+")} 个字符` });
      }
    }
  }
  // Clipped: content wider than a box that neither scrolls nor is meant to hide it.
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) {
    problems.push({ rule: "clipped", where: "html", text: "", detail: `页面横向滚动：${doc.scrollWidth} > ${doc.clientWidth}` });
  }
  const clipped = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!shown(el) || el.matches("input, select, textarea, option, img, svg *, .skip-link, table, thead, tbody, tr")) continue;
    if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + 1) continue;
    const ox = getComputedStyle(el).overflowX;
    if (ox === "auto" || ox === "scroll") continue;
    if (!(el.textContent || "").trim()) continue;
    clipped.push([el, ox]);
  }
  // Report the innermost boxes only (their ancestors overflow because of them).
  for (const [el, ox] of clipped) {
    if (clipped.some(([other]) => other !== el && el.contains(other))) continue;
    problems.push({ rule: "clipped", where: where(el), text: (el.textContent || "").trim().slice(0, 40),
                    detail: `内容宽 ${el.scrollWidth}px，框宽 ${el.clientWidth}px（overflow-x: ${ox}）` });
  }
  return problems;
}

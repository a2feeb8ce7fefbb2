"""Drives the Decap editor as a clerk would: fields are found by their Chinese label,
text arrives through IME composition events (Chromium DevTools protocol), selects are
chosen by typing and picking the option."""

from __future__ import annotations

LABEL_TO_ID = """([text, scope]) => {
  const root = scope ? document.querySelector(scope) : document;
  const clean = l => l.textContent.replace(/\\s*\\(可选\\)\\s*$/, '').trim();
  return [...root.querySelectorAll('label')].filter(l => clean(l) === text).map(l => l.htmlFor);
}"""


class Clerk:
    def __init__(self, page):
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.loads = 0

    def open(self, url: str) -> None:
        """A fresh document for each form (Decap keeps stale label ids across hash routes):
        a new query string makes the navigation a full page load."""
        self.loads += 1
        base, _, route = url.partition("#")
        self.page.goto(f"{base}?load={self.loads}#{route}")

    def field_id(self, label: str, nth: int = 0) -> str:
        found = self.page.wait_for_function(f"() => ({LABEL_TO_ID})([{label!r}, null])[{nth}] || null")
        return found.json_value()

    def control(self, label: str, nth: int = 0):
        return self.page.locator(f'[id="{self.field_id(label, nth)}"]')

    def ime(self, text: str, steps: tuple[str, ...] = ()) -> None:
        """Type `text` the way a Pinyin IME delivers it: composition updates with the
        Latin keys, then the committed Chinese text."""
        for step in steps:
            self.cdp.send("Input.imeSetComposition", {"text": step, "selectionStart": len(step), "selectionEnd": len(step)})
        self.cdp.send("Input.insertText", {"text": text})

    def type_chinese(self, label: str, text: str, nth: int = 0) -> None:
        box = self.control(label, nth)
        box.click()
        box.press("Control+a")
        box.press("Delete")
        for word in _words(text):
            if word.isascii():  # a Pinyin IME passes digits and Latin letters straight through
                self.page.keyboard.type(word)
                continue
            pinyin = "nihaoma"[: max(1, min(len(word) * 2, 7))]
            self.ime(word, tuple(pinyin[: i + 1] for i in range(len(pinyin))))

    def fill(self, label: str, value: str, nth: int = 0) -> None:
        self.control(label, nth).fill(value)

    def choose(self, label: str, *options: str, nth: int = 0) -> None:
        box = self.control(label, nth)
        for option in options:
            box.click()
            box.fill(option)
            self.page.locator('[class*="-option"]', has_text=option).first.click()

    def publish(self) -> None:
        self.page.get_by_role("button", name="发布").first.click()
        self.page.get_by_text("立即发布", exact=True).click()
        self.page.get_by_text("内容已保存").first.wait_for()


def _words(text: str) -> list[str]:
    """Runs of ASCII as typed; Chinese as IME commits of up to four characters."""
    out, run = [], ""
    for ch in text:
        if run and (ch.isascii() != run[-1].isascii() or (not ch.isascii() and len(run) == 4)):
            out.append(run)
            run = ""
        run += ch
    if run:
        out.append(run)
    return out

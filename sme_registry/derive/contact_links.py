"""Links for a platform's contact details: tel:, mailto: and its website.

Every value comes from an untrusted pull request, so a link is made only when the value
has the shape of what it claims to be; anything else is shown as plain text. A website is
linked only for http(s) (never javascript:, data:, file: …)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,30}$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$")


def tel_href(phone: str | None) -> str:
    text = (phone or "").strip()
    if not _PHONE.match(text):
        return ""
    return "tel:" + re.sub(r"[ ()]", "", text)


def mailto_href(email: str | None) -> str:
    text = (email or "").strip()
    return "mailto:" + text if _EMAIL.match(text) else ""


def web_href(url: str | None) -> str:
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        return ""
    return text


def contact_links(website: str | None, contact: dict | None) -> dict:
    contact = contact or {}
    return {"tel": tel_href(contact.get("phone")), "mailto": mailto_href(contact.get("email")),
            "web": web_href(website)}

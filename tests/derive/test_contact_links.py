"""Contact links of a platform page: only well-formed values become links; a website only
for http(s)."""

from __future__ import annotations

from sme_registry.derive.contact_links import contact_links, mailto_href, tel_href, web_href


def test_phone_email_website_links():
    links = contact_links("https://example.org/a", {"phone": "0635-1234567", "email": "a.b@example.org"})
    assert links == {"tel": "tel:0635-1234567", "mailto": "mailto:a.b@example.org", "web": "https://example.org/a"}
    assert tel_href("+86 (635) 123 4567") == "tel:+866351234567"


def test_unsafe_or_odd_values_stay_text():
    for url in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "//example.org", "ftp://x.org",
                "http://", "https://exa mple.org", " JAVASCRIPT:alert(1)", ""):
        assert web_href(url) == "", url
    assert web_href("HTTP://Example.org") == "HTTP://Example.org"
    for phone in ("call me", "0635-1234567<script>", "12", None):
        assert tel_href(phone) == ""
    for email in ("a@b", "javascript:x@y.z", "a@b.c?subject=x", "a b@c.d", None):
        assert mailto_href(email) == ""

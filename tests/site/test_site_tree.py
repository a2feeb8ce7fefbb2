"""sme_registry/site/site_tree.py: one walk gives the sitemap's pages and what may not be published."""

from __future__ import annotations

import os

from sme_registry.site.site_tree import walk, write_sitemap


def test_the_walk_lists_pages_and_refuses_links_and_devices_anywhere(tmp_path):
    for name in ("index.html", "404.html", "a/index.html", "a/b/c.html", "a/b/404.html", "a/data.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "secret.html").symlink_to("/etc/passwd")
    (tmp_path / "a/b/linked").symlink_to(tmp_path / "a", target_is_directory=True)  # never followed
    os.mkfifo(tmp_path / "a/pipe.xml")
    tree = walk(tmp_path)
    assert tree.pages == ["a/b/c.html", "a/index.html", "index.html"]
    assert tree.not_plain == ["a/b/linked", "a/pipe.xml", "secret.html"]


def test_the_sitemap_gives_a_folder_for_its_index_page(tmp_path):
    write_sitemap(tmp_path, ["a/index.html", "b/c.html", "index.html"], "https://example.org/sme")
    sitemap = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    assert [line.strip() for line in sitemap.splitlines() if "<loc>" in line] == [
        "<url><loc>https://example.org/sme/a/</loc></url>",
        "<url><loc>https://example.org/sme/b/c.html</loc></url>",
        "<url><loc>https://example.org/sme/</loc></url>",
    ]
    assert "Sitemap: https://example.org/sme/sitemap.xml" in (tmp_path / "robots.txt").read_text(encoding="utf-8")

"""Deployment truth (issue 15, item 6): a production build without SITEURL is refused with
a Chinese message; local builds keep working; 404.html's base comes from SITEURL's path."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from sme_registry.context import DEFAULT_PUBLIC_URL, ContextError, make_context
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # whole builds: left out of make test-fast

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize("environ,production", [({"PRODUCTION": "1"}, None), ({}, True), ({"PRODUCTION": "true"}, None)])
def test_production_without_siteurl_is_refused(environ, production):
    with pytest.raises(ContextError, match="正式发布必须设置网站的公开地址 SITEURL"):
        make_context(ROOT, TODAY, "out", environ=environ, production=production)


def test_local_builds_fall_back_to_the_example_address_without_a_base():
    ctx = make_context(ROOT, TODAY, "out", environ={})
    assert (ctx.public_url, ctx.base_path, ctx.production) == (DEFAULT_PUBLIC_URL, "", False)


@pytest.mark.parametrize("url,base", [("https://www.example.gov.cn/sme", "/sme/"), ("https://www.example.gov.cn/sme/", "/sme/"),
                                      ("https://sme.example.gov.cn", "/"), ("http://a.example.cn:8080/x/y/z", "/x/y/z/")])
def test_the_404_base_is_the_path_of_siteurl(url, base):
    ctx = make_context(ROOT, TODAY, "out", environ={"SITEURL": url, "PRODUCTION": "1"})
    assert ctx.public_url == url.rstrip("/") and ctx.base_path == base


def test_base_path_still_wins_when_given():
    ctx = make_context(ROOT, TODAY, "out", environ={"SITEURL": "https://a.example.cn/sme", "BASE_PATH": "/portal/sme/"})
    assert ctx.base_path == "/portal/sme/"


@pytest.mark.parametrize("environ", [{"SITEURL": "www.example.gov.cn/sme"}, {"SITEURL": "https://a.cn/x?y=1"},
                                     {"SITEURL": "https://a.cn", "BASE_PATH": "sme"}])
def test_malformed_addresses_are_usage_errors(environ):
    with pytest.raises(ContextError):
        make_context(ROOT, TODAY, "out", environ=environ)


def _build(tmp_path, *args, **env):
    return subprocess.run([sys.executable, "-m", "sme_registry", "build", "--output", str(tmp_path / "out"), *args],
                          cwd=ROOT, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "TODAY": "2026-11-25", **env})


def test_cli_production_build_without_siteurl_fails_and_writes_nothing(tmp_path):
    result = _build(tmp_path, "--production")
    assert result.returncode == 2
    assert "正式发布必须设置网站的公开地址 SITEURL" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_production_build_with_siteurl_writes_its_address(tmp_path):
    result = _build(tmp_path, "--production", SITEURL="https://www.example.gov.cn/portal/sme")
    assert result.returncode == 0, result.stderr[-1500:]
    out = tmp_path / "out"
    assert "Sitemap: https://www.example.gov.cn/portal/sme/sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")
    assert "example.org" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert '<base href="/portal/sme/">' in (out / "404.html").read_text(encoding="utf-8")


def test_cli_local_build_without_siteurl_works_and_says_so(tmp_path):
    result = _build(tmp_path)
    assert result.returncode == 0
    assert "未设置 SITEURL" in result.stderr and DEFAULT_PUBLIC_URL in result.stderr


def _make(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in ("SITEURL", "PRODUCTION", "MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**clean, **env})


def test_make_deploy_without_siteurl_refuses_before_copying(tmp_path):
    dest = tmp_path / "www"
    dest.mkdir()
    result = _make("deploy", f"DEST={dest}/", f"OUTPUT={tmp_path / 'out'}", "TODAY=2026-11-25")
    assert result.returncode != 0
    assert "正式发布必须设置网站的公开地址 SITEURL" in result.stderr
    assert list(dest.iterdir()) == []


def test_make_docker_without_siteurl_explains():
    result = _make("-n", "docker")
    assert result.returncode != 0 and "SITEURL" in result.stderr


def test_publish_workflows_build_for_production():
    pages = (ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    gitlab = (ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8")
    docker = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "build --production --output output" in pages and "SITEURL:" in pages
    assert "build --production --output public" in gitlab and "CI_PAGES_URL" in gitlab
    assert "build --production" in docker and "ARG SITEURL" in docker

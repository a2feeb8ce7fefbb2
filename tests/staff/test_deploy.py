"""Hosting: the nginx configuration really serves the built site (headers, gzip, 404),
the Dockerfile's build stage has every file it needs, and `make deploy` copies the site."""

from __future__ import annotations

import contextlib
import posixpath
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # whole builds / subprocesses: left out of make test-fast

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-25"


def _base_csp() -> str:
    html = (ROOT / "theme/templates/base.html").read_text(encoding="utf-8")
    return re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)


def test_nginx_and_apache_repeat_the_pages_csp_as_a_header():
    csp = _base_csp()
    assert f'add_header Content-Security-Policy "{csp}; frame-ancestors \'self\'" always;' in \
        (ROOT / "deploy/nginx.conf").read_text(encoding="utf-8")
    assert f'Header always set Content-Security-Policy "{csp}; frame-ancestors \'self\'"' in \
        (ROOT / "deploy/apache.conf").read_text(encoding="utf-8")


def _docker_build_inputs() -> list[str]:
    sources = []
    for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            sources += line.split()[1:-1]
    return [s.rstrip("/") for s in sources]


def test_docker_build_stage_builds_from_only_what_it_copies(tmp_path):
    inputs = _docker_build_inputs()
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")}
    context = tmp_path / "context"
    context.mkdir()
    for name in inputs:
        if name == "deploy/nginx.conf":
            continue
        assert name not in ignored, f"{name} is copied but excluded by .dockerignore"
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, context / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, context / name)
    assert {"requirements.txt", "sme_registry", "schema", "theme", "data", "content", "pelicanconf.py"} <= set(inputs)
    result = subprocess.run([sys.executable, "-m", "sme_registry", "build", "--src", ".", "--output", str(tmp_path / "site")],
                            cwd=context, capture_output=True, text=True, env={"TODAY": TODAY, "PATH": "/usr/bin:/bin",
                                                                              "BASE_PATH": "/sme/"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert '<base href="/sme/">' in (tmp_path / "site/404.html").read_text(encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _nginx(tmp_path_factory, root: Path, conf: str):
    """nginx serving `root` with the site configuration `conf` (deploy/nginx.conf, adapted)."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    assert nginx is not None, "nginx 未安装：make test 会用 scripts/ensure-test-tools.sh 安装 nginx-light"
    work = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("listen [::]:80;", "")
    conf = conf.replace("root /usr/share/nginx/html;", f"root {root};")
    (work / "site.conf").write_text(conf, encoding="utf-8")
    temp = " ".join(f"{kind}_temp_path {work};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (work / "nginx.conf").write_text(
        f"daemon off;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n default_type application/octet-stream;\n access_log off;\n"
        f" {temp}\n include {work}/site.conf;\n}}\n", encoding="utf-8")
    if hasattr(__import__("os"), "geteuid") and __import__("os").geteuid() == 0:
        (work / "nginx.conf").write_text("user root;\n" + (work / "nginx.conf").read_text(encoding="utf-8"),
                                         encoding="utf-8")
    check = subprocess.run([nginx, "-t", "-p", str(work), "-c", str(work / "nginx.conf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert "warn" not in check.stderr, check.stderr
    process = subprocess.Popen([nginx, "-p", str(work), "-c", str(work / "nginx.conf")])
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(url + "/", timeout=1)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _nginx_conf() -> str:
    return (ROOT / "deploy/nginx.conf").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def nginx_url(example_site, tmp_path_factory):
    site = tmp_path_factory.mktemp("nginx-site") / "site"
    shutil.copytree(example_site, site)
    site.chmod(0o755)
    with _nginx(tmp_path_factory, site, _nginx_conf()) as url:
        yield url


def _get(url: str, gzip: bool = False):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def test_nginx_serves_pages_with_security_and_cache_headers(nginx_url):
    status, headers, _ = _get(nginx_url + "/")
    assert status == 200
    assert headers["Content-Security-Policy"].startswith(_base_csp())
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-cache"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    _, headers, _ = _get(nginx_url + "/theme/css/site.css")
    assert headers["Cache-Control"] == "public, max-age=86400"


def test_nginx_compresses_data_and_types_csv(nginx_url):
    status, headers, _ = _get(nginx_url + "/data/platforms.csv", gzip=True)
    assert status == 200
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    assert headers["Content-Encoding"] == "gzip"


def test_nginx_answers_unknown_pages_with_the_sites_404(nginx_url):
    status, headers, body = _get(nginx_url + "/platforms/lc-1999-001/")
    assert status == 404
    assert "页面不存在（404）" in body.decode("utf-8")
    assert "Content-Security-Policy" in headers


def test_make_deploy_copies_the_site_with_rsync(tmp_path):
    assert shutil.which("rsync"), "rsync 未安装：make test 会用 scripts/ensure-test-tools.sh 安装 rsync"
    dest = tmp_path / "www"
    dest.mkdir()
    (dest / "stale.html").write_text("old", encoding="utf-8")
    result = subprocess.run(["make", "--no-print-directory", "deploy", f"DEST={dest}/", f"OUTPUT={tmp_path / 'out'}",
                             f"TODAY={TODAY}", "SITEURL=https://www.example.gov.cn/sme"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert (dest / "index.html").is_file() and (dest / "404.html").is_file()
    assert not (dest / "stale.html").exists()
    assert oct(dest.stat().st_mode & 0o777) == "0o755"


def test_make_deploy_without_dest_explains(tmp_path):
    result = subprocess.run(["make", "--no-print-directory", "-n", "deploy", f"OUTPUT={tmp_path / 'out'}"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0 and "DEST=" in result.stderr


def _production_site(tmp_path_factory, siteurl: str) -> Path:
    out = tmp_path_factory.mktemp("production") / "site"
    result = subprocess.run([sys.executable, "-m", "sme_registry", "build", "--production", "--output", str(out)],
                            cwd=ROOT, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "TODAY": TODAY, "SITEURL": siteurl})
    assert result.returncode == 0, result.stderr[-2000:]
    out.chmod(0o755)
    return out


@pytest.mark.parametrize("mount", ["", "sme"])
def test_nginx_404_at_depth_3_is_styled_and_its_links_work(tmp_path_factory, page_factory, mount):
    """Issue 15 item 6: built for production with SITEURL's path as the only hint, the 404 page
    answers /<mount>/a/b/c/missing with status 404, loads its CSS and links to real pages."""
    site = _production_site(tmp_path_factory, "https://www.example.gov.cn" + (f"/{mount}" if mount else ""))
    if mount:  # the site in the sme/ folder of an existing site's root, as docs/deploy.md describes
        root = site.parent / "portal"
        (root / mount).parent.mkdir(parents=True)
        shutil.copytree(site, root / mount)
        root.chmod(0o755)
        conf = _nginx_conf().replace("error_page 404 /404.html;", f"error_page 404 /{mount}/404.html;")
        conf = conf.replace("location = /404.html {", f"location = /{mount}/404.html {{")
    else:
        root, conf = site, _nginx_conf()
    prefix = f"/{mount}/" if mount else "/"
    with _nginx(tmp_path_factory, root, conf) as url:
        status, headers, body = _get(url + prefix + "a/b/c/missing")
        assert status == 404 and "页面不存在（404）" in body.decode("utf-8")
        html = body.decode("utf-8")
        base = re.search(r'<base href="([^"]+)">', html).group(1)
        assert base == prefix
        hrefs = re.findall(r'<(?:link|script|a)\b[^>]*?(?:href|src)="([^"#]+)"', html)
        resolved = sorted({posixpath.normpath(base + h) for h in hrefs if not h.startswith(("http", "mailto:"))})
        assert any(r.endswith("/theme/css/site.css") for r in resolved)
        for path in resolved:
            status, headers, _ = _get(url + path)
            assert status == 200, f"404 页上的链接 {path} 返回 {status}"
        watch = page_factory(375)
        page = watch.page
        response = page.goto(url + prefix + "a/b/c/missing")
        assert response is not None and response.status == 404
        background = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "404 页没有加载样式表"
        page.get_by_role("link", name="返回首页").click()
        page.wait_for_load_state()
        assert page.url == url + prefix + "index.html"
        watch.console_errors = [e for e in watch.console_errors if "404" not in e]
        watch.assert_clean()

"""Hosting: the nginx configuration really serves the built site (headers, gzip, 404),
the Dockerfile's build stage has every file it needs, and `make deploy` copies the site."""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def nginx_url(example_site, tmp_path_factory):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    assert nginx is not None, "nginx 未安装：make test 会用 scripts/ensure-test-tools.sh 安装 nginx-light"
    work = tmp_path_factory.mktemp("nginx")
    site = work / "site"
    shutil.copytree(example_site, site)
    site.chmod(0o755)
    port = _free_port()
    conf = (ROOT / "deploy/nginx.conf").read_text(encoding="utf-8")
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("listen [::]:80;", "")
    conf = conf.replace("root /usr/share/nginx/html;", f"root {site};")
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
    for _ in range(50):
        try:
            urllib.request.urlopen(url + "/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


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
                             f"TODAY={TODAY}"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert (dest / "index.html").is_file() and (dest / "404.html").is_file()
    assert not (dest / "stale.html").exists()
    assert oct(dest.stat().st_mode & 0o777) == "0o755"


def test_make_deploy_without_dest_explains(tmp_path):
    result = subprocess.run(["make", "--no-print-directory", "-n", "deploy", f"OUTPUT={tmp_path / 'out'}"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0 and "DEST=" in result.stderr

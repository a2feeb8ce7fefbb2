#!/usr/bin/env bash
# Installs what the tests need when it is missing, and fails with a clear message where it
# cannot:
#   - Debian packages: chromium (browser tests), fonts-noto-cjk (Chinese text renders in
#     screenshots and contrast checks), a Java runtime (Nu HTML Checker), node + npm,
#     rsync and nginx-light (the deployment tests serve the site through a real nginx);
#   - npm packages pinned in package-lock.json (vnu-jar, axe-core) into node_modules/, with
#     `npm ci --ignore-scripts` (vnu-jar's install script would download a JRE; we use
#     Debian's Java instead).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list : family 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v rsync >/dev/null 2>&1 || need+=(rsync)
{ command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || need+=(nginx-light)
if [ ${#need[@]} -ne 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "缺少测试所需的系统软件：${need[*]}。请以 root 运行：apt-get update && apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "正在安装测试所需的系统软件：${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

java_major=$(java -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -n1)
if [ -z "$java_major" ] || [ "$java_major" -lt 11 ]; then
  echo "Nu HTML Checker 需要 Java 11 及以上，当前为：$(java -version 2>&1 | head -n1)。请安装 default-jre-headless。" >&2
  exit 1
fi

# node_modules/ is not in Git; (re)install when missing or older than the lock file.
stamp=node_modules/.package-lock.json
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -f node_modules/axe-core/axe.min.js ] \
   || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "正在安装 package-lock.json 中固定版本的测试工具（vnu-jar、axe-core）"
  if ! npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; then
    echo "npm ci 失败：请检查能否访问 npm 仓库后重试。" >&2
    exit 1
  fi
fi

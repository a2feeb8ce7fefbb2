#!/usr/bin/env bash
# Installs the system packages the browser tests need (Debian's chromium and CJK fonts)
# when they are missing. Fails with a clear message where it cannot.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "缺少测试所需的系统软件：${need[*]}。请以 root 运行：apt-get update && apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "正在安装测试所需的系统软件：${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${need[@]}" >/dev/null

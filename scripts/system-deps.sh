#!/usr/bin/env bash
# Install the Debian packages listed in the given lists (default: scripts/system-packages.txt, what the application
# needs on a server) that are not installed yet. `make install` adds scripts/system-packages-test.txt.
set -euo pipefail
here="$(dirname "$0")"
lists=("$@")
[ ${#lists[@]} -eq 0 ] && lists=("$here/system-packages.txt")
mapfile -t wanted < <(cat "${lists[@]}" | grep -v '^\s*#' | grep -v '^\s*$' || true)
if [ ${#wanted[@]} -eq 0 ]; then
  exit 0
fi
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "安装系统软件包：${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "错误：本机没有 apt-get，请手动安装这些软件包：${missing[*]}" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "错误：需要 root 权限安装：${missing[*]}（请以 root 运行 make system-deps）" >&2
    exit 1
  fi
fi
$SUDO apt-get update -qq
if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  echo "错误：无法安装 ${missing[*]}；请检查软件源后重试。" >&2
  exit 1
fi

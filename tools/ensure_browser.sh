#!/usr/bin/env bash
# Install the system Chromium and CJK fonts the browser test uses.
# Playwright must never download its own browser (no network for that),
# so the test drives Debian's chromium; CJK fonts make the Chinese page legible.
set -euo pipefail  # standalone: it needs no repository
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "ensure_browser: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "ensure_browser: done" >&2

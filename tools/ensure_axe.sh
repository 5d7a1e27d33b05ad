#!/usr/bin/env bash
# Fetch axe-core, the accessibility checker the browser tests inject into
# every page, from the npm registry into .cache/axe-core (once; a version
# stamp makes later runs a no-op). Only the one file the tests load is kept.
source "$(dirname "$0")/common.sh"
axe_version=4.14.1
dest=.cache/axe-core
if [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$axe_version" ]; then
  exit 0
fi
command -v npm >/dev/null || { echo "ensure_axe: npm is needed once to fetch axe-core (apt-get install npm)" >&2; exit 1; }
echo "ensure_axe: installing axe-core $axe_version into $dest" >&2
rm -rf "$dest.new" && mkdir -p "$dest.new"
npm install --prefix "$dest.new/npm" --no-audit --no-fund --no-save --silent "axe-core@$axe_version"
cp "$dest.new/npm/node_modules/axe-core/axe.min.js" "$dest.new/"
rm -rf "$dest.new/npm"
echo "$axe_version" > "$dest.new/VERSION"
rm -rf "$dest" && mv "$dest.new" "$dest"

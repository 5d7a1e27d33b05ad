#!/usr/bin/env bash
# `make book`: build the HTML book into _build/html, failing on any warning.
# Usage: bash tools/book.sh [BOOK_DIR]   (default: the repository root)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
book=$(cd "${1:-$root}" && pwd)
cd "$root"

bash tools/ensure_env.sh book

# MathJax is served from the book itself, so math renders without internet.
# Only the combined TeX->CHTML script and its fonts are kept; a version stamp
# makes this a no-op once installed.
mathjax_version=3.2.2
mj=.cache/mathjax
if [ "$(cat "$mj/static/VERSION" 2>/dev/null)" != "$mathjax_version" ]; then
  command -v npm >/dev/null || { echo "book: npm is needed once to fetch MathJax (apt-get install npm)" >&2; exit 1; }
  echo "book: installing MathJax $mathjax_version into $mj" >&2
  npm install --prefix "$mj/npm" --no-audit --no-fund --no-save --silent "mathjax@$mathjax_version"
  es5=$mj/npm/node_modules/mathjax/es5
  rm -rf "$mj/static.new" && mkdir -p "$mj/static.new/mathjax/output/chtml/fonts"
  cp "$es5/tex-chtml-full.js" "$mj/static.new/mathjax/"
  cp -r "$es5/output/chtml/fonts/woff-v2" "$mj/static.new/mathjax/output/chtml/fonts/"
  echo "$mathjax_version" > "$mj/static.new/VERSION"
  rm -rf "$mj/static" && mv "$mj/static.new" "$mj/static"
fi
if [ "$book" != "$root" ] && [ ! -e "$book/.cache" ]; then
  ln -s "$root/.cache" "$book/.cache"   # a fixture book reuses the same MathJax
fi

start=$(date +%s.%N)
status=0
.venv/book/bin/jupyter-book build "$book" --builder html -W -n --keep-going || status=$?
elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
if [ "$status" -ne 0 ]; then
  echo "book: build FAILED after ${elapsed} s (warnings are errors; see above)" >&2
  exit "$status"
fi
echo "book: built in ${elapsed} s; open $book/_build/html/index.html"

#!/usr/bin/env bash
# MathJax is served from the book itself, so math renders without internet.
# Only the combined TeX->CHTML script and its fonts are kept; a version stamp
# makes this a no-op once installed. tools/book.sh calls it, and `make test`
# before its suites, so that two books built side by side never install it
# at once.
source "$(dirname "$0")/common.sh"
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

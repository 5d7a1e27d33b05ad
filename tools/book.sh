#!/usr/bin/env bash
# `make book`: build the books, one per language, into one site, failing on
# any warning.
#   _build/html/        the source language's (English) book: _config.yml,
#                       _toc.yml, index.md
#   _build/html/<lang>/ each translation's (zh: Chinese) book: <lang>/_config.yml
#                       merged over _config.yml, <lang>/_toc.yml, <lang>/index.md
# All are plain Jupyter Book 1 builds. A translation's runs in a source
# folder assembled under _build/src/<lang> from links (its pages, chapters/,
# notebooks/, the extension and static files), so its pages sit at the root
# of its own book, and its HTML is then copied under the source site: one
# origin, so the reader's framework choice carries over between languages.
# Usage: bash tools/book.sh [BOOK_DIR]   (default: the repository root)
# D2L_BOOK_HTML_ONLY=1 builds the sites without printing PDFs (for a test
# book whose PDFs nothing reads).
source "$(dirname "$0")/common.sh"
book=$(cd "${1:-$root}" && pwd)

bash tools/ensure_env.sh book

bash tools/ensure_mathjax.sh
if [ "$book" != "$root" ] && [ ! -e "$book/.cache" ]; then
  ln -s "$root/.cache" "$book/.cache"   # a fixture book reuses the same MathJax
fi

jb=$root/.venv/book/bin/jupyter-book
py=$root/.venv/book/bin/python
start=$(now)
status=0

# The execution report pages, written from the records that `make notebooks`
# left in the notebooks' metadata: nothing is executed here.
"$py" -m d2l_build.execution_record report --notebooks "$book/notebooks" --out "$book/reports"

# The source language's book is the repository itself; each translation
# (the registry's languages after the first) is built from its source folder
# into its site folder, as the registry names them (registry.book_sites).
translations=() sources=() sites=()
while IFS=$'\t' read -r lang src site; do
  translations+=("$lang") sources+=("$src") sites+=("$site")
done < <(python3 -m d2l_local.registry sites)

# A build folder from the days of one book holds the translated pages inside
# the source site; start that one afresh so no stale page is served.
for lang in "${translations[@]}"; do
  if [ -d "$book/_build/html/chapters/$lang" ]; then
    rm -rf "$book/_build/html" "$book/_build/.doctrees"
  fi
done

t=$(now)
"$jb" build "$book" --builder html -W -n --keep-going || status=$?
echo "book: source language built in $(seconds_since "$t") s" >&2

# Each translation: assemble its source folder, then build and place it in
# its site folder.
for i in "${!translations[@]}"; do
  lang=${translations[$i]} site=${sites[$i]}
  t=$(now)
  stage=$book/_build/src/$lang
  mkdir -p "$stage"
  find "$stage" -mindepth 1 -maxdepth 1 ! -name _build -exec rm -rf {} +
  for item in "$book/${sources[$i]}"/*; do
    name=$(basename "$item")
    case $name in
      _config.yml) "$py" -m d2l_build.book_config "$book/_config.yml" "$item" > "$stage/_config.yml" ;;
      # Sphinx compiles message catalogues where it finds them: a copy keeps
      # the compiled files out of the repository.
      locale) cp -r "$item" "$stage/$name" ;;
      *) ln -s "$item" "$stage/$name" ;;
    esac
  done
  for shared in chapters notebooks reports book_ext _static .cache; do
    ln -s "$(readlink -f "$book/$shared")" "$stage/$shared"
  done
  "$jb" build "$stage" --builder html -W -n --keep-going || status=$?
  if [ -f "$stage/_build/html/index.html" ]; then
    rm -rf "${book:?}/_build/html/$site"
    cp -a "$stage/_build/html" "$book/_build/html/$site"
  fi
  echo "book: $lang built in $(seconds_since "$t") s" >&2
done

if [ "$status" -eq 0 ] && [ -z "${D2L_BOOK_HTML_ONLY:-}" ]; then
  # One PDF per chapter page and framework, printed from the built pages by
  # the Chromium of the browser test, one browser per CPU this process may
  # use (nproc: under `make test`, its worker's share): two browsers on one
  # CPU printed the chapter's 8 PDFs in 36 s, one in 26 s.
  t=$(now)
  bash "$root/tools/ensure_browser.sh"
  "$py" -m d2l_build.pdfs --html "$book/_build/html" --jobs "$(nproc)" || status=$?
  echo "book: PDFs printed in $(seconds_since "$t") s" >&2
fi
if [ "$status" -ne 0 ]; then
  echo "book: build FAILED after $(seconds_since "$start") s (warnings are errors; see above)" >&2
  exit "$status"
fi
echo "book: built in $(seconds_since "$start") s; open $book/_build/html/index.html (translations: ${sites[*]/#/$book/_build/html/})"

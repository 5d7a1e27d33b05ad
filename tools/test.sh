#!/usr/bin/env bash
# `make test [FW="..."]`: create whatever is missing, then run every suite in
# the environment it belongs to. Exits non-zero if any test fails or is
# skipped (a skipped check has not checked anything).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source tools/frameworks.sh
use_frameworks test "$@"

start=$(date +%s.%N)
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(date +%s.%N)"; }

# -- set-up (only what is missing or out of date) ------------------------------
for env in book "${fws[@]}"; do
  bash tools/ensure_env.sh "$env" || { echo "make test: could not create .venv/$env" >&2; exit 1; }
done
bash tools/data.sh || exit 1
bash tools/ensure_browser.sh || exit 1
echo "make test: set-up took $(elapsed "$start") s"
export D2L_DATA_DIR=$root/.data

results=_build/test-results
rm -rf "$results"
mkdir -p "$results"
failed=()
run() {  # run NAME ENV ARGS...: one pytest suite, its own junit report
  local name=$1 env=$2
  shift 2
  local t=$(date +%s.%N)
  echo "== $name (.venv/$env)"
  if ! ".venv/$env/bin/python" -m pytest -q -rs --junitxml="$results/$name.xml" "$@"; then
    failed+=("$name")
  fi
  echo "== $name took $(elapsed "$t") s"
}

first=${fws[0]}
run common "$first" tests/common
run consistency "$first" tests/consistency
for fw in "${fws[@]}"; do
  run "unit-$fw" "$fw" tests/frameworks --framework "$fw"
done
for fw in "${fws[@]}"; do
  run "nbval-$fw" "$fw" --nbval -p no:randomly notebooks/en/"$fw" notebooks/zh/"$fw"
done
t=$(date +%s.%N)
if bash tools/book.sh; then
  echo "== book build took $(elapsed "$t") s"
  run book book tests/book
else
  failed+=("book-build")
fi

.venv/book/bin/python tools/test_report.py "$results" || failed+=("report")
echo "make test: total $(elapsed "$start") s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "make test: FAILED: ${failed[*]}" >&2
  exit 1
fi

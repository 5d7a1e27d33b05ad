#!/usr/bin/env bash
# `make test [FW="..."]`: create whatever is missing, then run every suite in
# the environment it belongs to. Exits non-zero if any test fails or is
# skipped (a skipped check has not checked anything).
source "$(dirname "$0")/common.sh"
wait_passively
set +e  # a failing suite must not stop the others; failures are collected
source tools/frameworks.sh
use_frameworks test "$@"
colab_fws=()
for fw in "${fws[@]}"; do
  case " $colab_frameworks " in *" $fw "*) colab_fws+=("$fw") ;; esac
done
# ENV=<environment> (`make test ENV=jax`, one CI job each): only the suites
# of that environment (tools/frameworks.sh); `book` has ruff, actionlint, the
# common, consistency and tools suites and the book. No ENV: every suite.
first=${fws[0]}  # where the common, consistency and tools suites run
use_environment test "${D2L_TEST_ENV:-}" book
want colab || colab_fws=()
[ ${#fws[@]} -gt 0 ] || [ ${#colab_fws[@]} -gt 0 ] || want book ||
  { echo "make test: ENV=$D2L_TEST_ENV has no suite among FW=\"$*\"" >&2; exit 2; }

start=$(now)
# -- set-up (only what is missing or out of date) ------------------------------
# The book's suites need every framework environment: $first runs the
# common suites, and the growing-book fixture executes a notebook in the
# environment its registry entry names.
if want book; then
  read -ra envs <<< "tools book $(registry frameworks --field env | tr " " "\n" | sort -u | tr "\n" " ")"
else
  envs=(tools "${fws[@]}")
fi
[ ${#colab_fws[@]} -eq 0 ] || envs+=(colab)
# The tools environment first (it holds uv), then the others side by side:
# uv links from its cache, and one environment at a time left a core idle.
bash tools/ensure_env.sh tools || { echo "make test: could not create .venv/tools" >&2; exit 1; }
setup=()
for env in "${envs[@]}"; do
  [ "$env" = tools ] || { bash tools/ensure_env.sh "$env" & setup+=("$!:.venv/$env"); }
done
bash tools/data.sh || exit 1
if want book; then
  bash tools/ensure_browser.sh || exit 1
  bash tools/ensure_axe.sh || exit 1
  bash tools/ensure_mathjax.sh || exit 1
fi
for job in "${setup[@]}"; do
  wait "${job%%:*}" || { echo "make test: could not create ${job#*:}" >&2; exit 1; }
done
[ ${#colab_fws[@]} -eq 0 ] || install_into_colab || exit 1
echo "make test: set-up took $(seconds_since "$start") s"
export D2L_DATA_DIR=$root/.data

results=_build/test-results
rm -rf "$results"
mkdir -p "$results"
# The suites form one queue, longest first, and two workers take from it
# until it is empty: a worker that ends early takes the next suite instead
# of leaving its core idle (the fits use about one core each on this kind
# of machine). Every number stays the same, since a fit's history does not
# depend on load (tests/frameworks/test_repeatability.py). JOBS=1 runs one
# suite at a time. A suite's output is printed whole when it ends; outcomes
# are files in $results, since the workers are subshells.
jobs=${JOBS:-2}
case $jobs in 1|2) ;; *) echo "make test: JOBS=$jobs: give 1 (one suite at a time) or 2" >&2; exit 2 ;; esac
fail() { touch "$results/$1.failed"; }
say() {  # say FILE: print a suite's whole output, not mixed with the other worker's
  flock "$results/.print" cat "$1"
}
report_env() {  # report_env ENV: what the machine is and what ENV picked on it
  local env=$1
  case $env in tools|book) return ;; esac
  # Once an environment, before its first suite that runs: an environment
  # none of whose suites runs (a warm run) is not imported for nothing.
  mkdir "$results/$env.env.d" 2>/dev/null || return 0
  echo "== environment $env" > "$results/$env.env"
  ".venv/$env/bin/python" -m d2l_build.env_report "$env" >> "$results/$env.env" 2>/dev/null
  say "$results/$env.env"
}
run() {  # run NAME ENV ARGS...: one pytest suite, its own junit report
  local name=$1 env=$2 t log=$results/$1.log
  shift 2
  report_env "$env"
  t=$(now)
  {
    echo "== $name (.venv/$env)"
    ".venv/$env/bin/python" -m pytest -q -rs --junitxml="$results/$name.xml" "$@" ||
      fail "$name"
    echo "== $name took $(seconds_since "$t") s"
  } > "$log" 2>&1
  say "$log"
}
# A suite whose inputs are unchanged since its last green run on this
# machine is not run again (d2l_build/suite_key.py), except under CI=true or
# FULL=1, which run everything.
full=${FULL:-${CI:-}}
keys=.cache/make-test
mkdir -p "$keys"
fresh() {  # fresh NAME KEY: NAME passed here last time with these inputs
  if [ -z "$full" ] && [ "$(cat "$keys/$1" 2>/dev/null)" = "$2" ]; then
    echo "== $1: unchanged since its last green run here, not re-executed (FULL=1 runs it)" |
      flock "$results/.print" cat
    touch "$results/$1.reused"
    return 0
  fi
  rm -f "$keys/$1"
  return 1
}
keyed() {  # keyed NAME ENV "INPUT PATHS" ARGS...: run, unless unchanged
  local name=$1 env=$2 inputs=$3 key
  shift 3
  # shellcheck disable=SC2086  # the paths are one word each
  key=$(python3 -m d2l_build.suite_key $inputs "requirements/$env.lock" \
    d2l_local pyproject.toml tools/test.sh)-$(echo "$*" | sha256sum | cut -c1-16)
  fresh "$name" "$key" && return
  run "$name" "$env" "$@"
  [ -f "$results/$name.failed" ] || echo "$key" > "$keys/$name"
}
checks() {  # style, and the GitHub workflows with their run: scripts
  local t log=$results/ruff.log
  t=$(now)
  {
    echo "== ruff (.venv/tools)"
    if .venv/tools/bin/ruff check . && .venv/tools/bin/ruff format --check .; then
      echo "ruff: clean"
    else
      fail ruff
    fi
    echo "== ruff took $(seconds_since "$t") s"
    echo "== actionlint (.venv/tools)"
    if .venv/tools/bin/actionlint -shellcheck .venv/tools/bin/shellcheck -pyflakes= \
      .github/workflows/*.yml; then
      echo "actionlint: clean"
    else
      fail actionlint
    fi
  } > "$log" 2>&1
  say "$log"
}
book_suite() {  # the book's build, then its tests
  local key t log=$results/book-build.log
  # The book shows every word of the pages: all of it counts (--whole).
  # shellcheck disable=SC2046  # one word a language
  key=$(python3 -m d2l_build.suite_key --whole chapters notebooks book_ext \
    d2l_build d2l_local tests/book _config.yml _toc.yml pages.toml index.md _static \
    requirements/book.lock tools/book.sh tools/test.sh \
    $(python3 -m d2l_local.registry translations))
  fresh book "$key" && return
  t=$(now)
  if bash tools/book.sh > "$log" 2>&1; then
    echo "== book build took $(seconds_since "$t") s" >> "$log"
    say "$log"
    run book book tests/book "${fixtures[@]/#/--ignore=}"
    [ -f "$results/book.failed" ] || echo "$key" > "$keys/book"
  else
    say "$log"
    fail book-build
  fi
}

# -- the queue: one line a suite, "SECONDS<tab>COMMAND", longest first --------
queue=$results/.queue
: > "$queue"
add() {  # add SECONDS COMMAND...: a suite and the time it is expected to take
  local seconds=$1
  shift
  printf '%s\t%s\n' "$seconds" "$(printf '%q ' "$@")" >> "$queue"
}
# nbval: text exactly, training metrics within the measured tolerance.
nbval=(--nbval -p no:randomly -p d2l_build.nbval_metrics.plugin)
add_nbval_suites() {  # add_nbval_suites ENV PAGES-ARGS...: what the table prints
  local env=$1 suites name nbs opts seconds
  shift
  if ! suites=$(python3 -m d2l_build.pages nbval-args "$@"); then
    fail pages
    return
  fi
  # fd 3: nothing below may read the list from stdin
  while IFS=$'\t' read -r -u 3 name nbs opts seconds; do
    [ -n "$name" ] || continue
    # Each page of the toc, with the nbval options its policy gives
    # (d2l_build/pages.py), expected to take what its notebook took when it
    # was last executed, plus a kernel's start. Each program is executed
    # once per environment, in the source language; the translations show
    # that execution's outputs (d2l_build/share_outputs.py), which
    # tests/consistency/test_translated_outputs.py holds them to.
    # shellcheck disable=SC2086  # paths and options are one word each
    add $((seconds + 10)) keyed "$name" "$env" "$nbval_inputs $nbs" "${nbval[@]}" $opts $nbs
  done 3<<< "$suites"
}
# What the framework suites read besides their own environment: the
# contract page in the source language (not the other pages: a new page
# does not re-run them) and the build modules they import or run.
contract=$(python3 -m d2l_build.pages contract)
read -r source _ <<< "$(python3 -m d2l_local.registry languages)"
unit_inputs="tests/frameworks chapters/$source/$contract.ipynb notebooks/$source/*/$contract.ipynb"
unit_inputs+=" $(python3 -m d2l_build.suite_key --imports tests/frameworks)"
nbval_inputs=d2l_build/nbval_metrics
# The fixture books test the build code on books of their own: their inputs
# are code, so a prose edit does not re-run them.
fixtures=(tests/book/test_fixture_book.py tests/book/test_growing_book.py)
# The other suites' expected seconds, as measured in CI on a 2-core machine:
# only their order matters.
if want book; then
  add 2 checks
  add 45 keyed common "$first" "tests/common tests/nbval_metrics d2l_build" \
    tests/common tests/nbval_metrics
  add 5 run consistency "$first" tests/consistency
  add 8 run tools "$first" tests/tools
  add 180 book_suite
  add 100 keyed book-fixtures book "d2l_build book_ext d2l_local tests/book _config.yml _static tools/book.sh" \
    "${fixtures[@]}"
fi
for fw in "${fws[@]}"; do
  add 50 keyed "unit-$fw" "$fw" "$unit_inputs" tests/frameworks --framework "$fw"
  add_nbval_suites "$fw" --fw "$fw"
done
if [ ${#colab_fws[@]} -gt 0 ]; then
  for fw in "${colab_fws[@]}"; do
    add 35 keyed "colab-unit-$fw" colab "$unit_inputs" \
      tests/frameworks/test_training_numerics.py \
      tests/frameworks/test_repeatability.py --framework "$fw"
  done
  add_nbval_suites colab --colab --fw "${colab_fws[@]}"
fi
sort -t $'\t' -k1,1nr -o "$queue" "$queue"

# Each worker keeps to its own share of the CPUs (worker k, of JOBS, takes
# the k-th share), and so does everything it starts: the frameworks size their
# thread pools to the CPUs a process may use, so two suites never run more
# threads than there are cores. Unpinned, each took every core: two PyTorch
# nbval runs of the chapter side by side took 516 s each with two threads
# each on two cores (OpenMP threads spinning for a core the other run held),
# 52 s each held to one thread each. The last worker also takes the CPUs left
# over; nothing is pinned with fewer CPUs than jobs.
read -ra cpus <<< "$(python3 -c 'import os; print(*sorted(os.sched_getaffinity(0)))')"
share=$((${#cpus[@]} / jobs))
pin() {  # pin K: this shell and its children to the K-th share of the CPUs
  [ "$share" -gt 0 ] && [ "$jobs" -gt 1 ] && command -v taskset > /dev/null || return 0
  local mine=("${cpus[@]:$(($1 * share)):$share}")
  [ "$1" -lt $((jobs - 1)) ] || mine=("${cpus[@]:$(($1 * share))}")
  taskset -pc "$(IFS=,; echo "${mine[*]}")" "$BASHPID" > /dev/null
}
worker() {  # worker K: take the queue's first suite and run it, until none is left
  local line
  pin "$1"
  while :; do
    line=$(flock "$queue.lock" sh -c 'head -n1 "$1" && sed -i 1d "$1"' _ "$queue")
    [ -n "$line" ] || return 0
    eval "${line#*$'\t'}"
  done
}
for k in $(seq 0 $((jobs - 1))); do worker "$k" & done
wait

python3 -m d2l_build.junit_report "$results" || fail report
failed=()
reused=()
for f in "$results"/*.failed; do [ -e "$f" ] && failed+=("$(basename "$f" .failed)"); done
for f in "$results"/*.reused; do [ -e "$f" ] && reused+=("$(basename "$f" .reused)"); done
if [ ${#reused[@]} -gt 0 ]; then
  echo "make test: ${#reused[@]} suites unchanged since their last green run here, not re-executed: ${reused[*]} (FULL=1 runs them)"
fi
echo "make test: total $(seconds_since "$start") s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "make test: FAILED: ${failed[*]}" >&2
  exit 1
fi

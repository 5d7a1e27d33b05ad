#!/usr/bin/env bash
# Create or update .venv/<env> from its lock file; do nothing when the lock
# (and the package metadata) has not changed since the last successful install.
source "$(dirname "$0")/common.sh"
env=$1
lock=$(env_lock "$env")
[ -f "$lock" ] || { echo "ensure_env: unknown environment '$env' (no $lock; see \`make lock\`)" >&2; exit 2; }
key=$(cat "$lock" pyproject.toml | sha256sum | cut -c1-16)
venv=.venv/$env
if [ -f "$venv/.stamp" ] && [ "$(cat "$venv/.stamp")" = "$key" ]; then
  exit 0
fi
python=$(find_python "$(env_python_version "$env")")
echo "ensure_env: building $venv from $lock" >&2
t=$(now)
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
pip() {
  # Some machines' pip configuration names local indexes that may not exist;
  # their "is ignored" notices are noise, every real error still shows.
  "$venv/bin/python" -m pip "$@" 2> >(grep -v 'is ignored: it is neither' >&2)
}
# The lock pins every package with its hashes, so nothing else is resolved.
pip install -q --require-hashes --no-deps -r "$lock"
case $env in
  tools) ;;
  colab)
    # d2l_local goes in as the notebooks' set-up cell puts it there (a
    # non-editable install), by tools/colab.sh before every run.
    "$venv/bin/python" -m ipykernel install --sys-prefix --name python3 >/dev/null ;;
  book)
    pip install -q --no-deps --no-build-isolation -e . ;;
  *)
    pip install -q --no-deps --no-build-isolation -e .
    # Register the kernel inside the env so notebooks run with its python.
    "$venv/bin/python" -m ipykernel install --sys-prefix --name python3 >/dev/null ;;
esac
echo "$key" > "$venv/.stamp"
echo "ensure_env: $venv ready in $(seconds_since "$t") s" >&2

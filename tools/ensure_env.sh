#!/usr/bin/env bash
# Create or update .venv/<env> from its requirements; do nothing when the
# requirements have not changed since the last successful install.
set -euo pipefail
env=$1
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "$env" = book ]; then req=requirements.txt; else req=requirements/$env.txt; fi
[ -f "$req" ] || { echo "ensure_env: unknown environment '$env' (no $req)" >&2; exit 2; }
deps=("$req" pyproject.toml)
[ "$env" = book ] || deps+=(requirements/notebook.txt)
key=$(cat "${deps[@]}" | sha256sum | cut -c1-16)
venv=.venv/$env
if [ -f "$venv/.stamp" ] && [ "$(cat "$venv/.stamp")" = "$key" ]; then
  exit 0
fi
python=${PYTHON:-python3.11}
echo "ensure_env: building $venv from $req" >&2
start=$(date +%s)
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
pip() {
  # Some machines' pip configuration names local indexes that may not exist;
  # their "is ignored" notices are noise, every real error still shows.
  "$venv/bin/python" -m pip "$@" 2> >(grep -v 'is ignored: it is neither' >&2)
}
pip install -q --upgrade pip >/dev/null
pip install -q -r "$req"
pip install -q --no-deps -e .
if [ "$env" != book ]; then
  # Register the kernel inside the env so notebooks run with this env's python.
  "$venv/bin/python" -m ipykernel install --sys-prefix --name python3 >/dev/null
fi
echo "$key" > "$venv/.stamp"
echo "ensure_env: $venv ready in $(( $(date +%s) - start )) s" >&2

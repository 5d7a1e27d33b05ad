#!/usr/bin/env bash
# `make seed-spread [FW="..."] [SEEDS=5]`: the chapter once per seed in each
# framework's environment (d2l_build/seed_spread.py); one table, and the
# record the exercises page quotes, d2l_build/seed_spread.json.
source "$(dirname "$0")/common.sh"
source tools/frameworks.sh
use_frameworks seed-spread "$@"
for fw in "${fws[@]}"; do
  bash tools/ensure_env.sh "$fw"
done
bash tools/data.sh
export D2L_DATA_DIR=$root/.data MPLBACKEND=Agg
out=_build/seed-spread
mkdir -p "$out"
for fw in "${fws[@]}"; do
  echo "make seed-spread: $fw, seeds 0 to $((${SEEDS:-5} - 1))" >&2
  ".venv/$fw/bin/python" -m d2l_build.seed_spread run --framework "$fw" \
    --seeds "${SEEDS:-5}" --json "$out/$fw.json" || exit 1
done
# The record holds every framework: it is rewritten only from all four.
files=()
for fw in $(python3 -m d2l_local.registry frameworks); do files+=("$out/$fw.json"); done
python3 -m d2l_build.seed_spread table "${files[@]}" --json d2l_build/seed_spread.json

#!/usr/bin/env bash
# `make bench [FW="..."]`: each framework in its own environment times the
# chapter's fits against a compute-only loop and the hardware floor
# (d2l_build/bench.py); one table, one JSON file.
source "$(dirname "$0")/common.sh"
source tools/frameworks.sh
use_frameworks bench "$@"
for fw in "${fws[@]}"; do
  bash tools/ensure_env.sh "$fw"
done
bash tools/data.sh
export D2L_DATA_DIR=$root/.data MPLBACKEND=Agg
out=_build/bench
mkdir -p "$out"
files=()
for fw in "${fws[@]}"; do
  echo "make bench: timing $fw (3 interleaved rounds after warm-up)" >&2
  ".venv/$fw/bin/python" -m d2l_build.bench run --framework "$fw" --json "$out/$fw.json" > "$out/$fw.log"
  files+=("$out/$fw.json")
done
python3 -m d2l_build.bench table "${files[@]}" --json "$out/bench.json"

#!/usr/bin/env bash
# `make test-machines [FW="..."]`: see d2l_build/machines.py.
source "$(dirname "$0")/common.sh"
source tools/frameworks.sh
use_frameworks test-machines "$@"
for fw in "${fws[@]}"; do bash tools/ensure_env.sh "$fw"; done
bash tools/data.sh
export D2L_DATA_DIR=$root/.data
python3 -m d2l_build.machines --fw "${fws[@]}" --json _build/machines/spread.json

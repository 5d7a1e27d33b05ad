#!/usr/bin/env bash
# `make test-repeat [FW="..."]`: every program executed twice in each
# environment it runs in, the two runs compared (see d2l_build/repeat.py).
# PAGE=name repeats one page of the toc only.
source "$(dirname "$0")/common.sh"
wait_passively
source tools/frameworks.sh
use_frameworks test-repeat "$@"
for fw in "${fws[@]}"; do bash tools/ensure_env.sh "$fw"; done
bash tools/ensure_env.sh colab
install_into_colab
bash tools/data.sh
export D2L_DATA_DIR=$root/.data
python3 -m d2l_build.repeat --fw "${fws[@]}" ${JOBS:+--jobs "$JOBS"} ${PAGE:+--page "$PAGE"}

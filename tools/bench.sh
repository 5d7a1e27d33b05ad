#!/usr/bin/env bash
# `make bench [FW="..."]`: each framework in its own environment times the
# chapter's two fits against a compute-only loop; one table, one JSON file.
source "$(dirname "$0")/common.sh"
source tools/frameworks.sh
use_frameworks bench "$@"
for fw in "${fws[@]}"; do
  bash tools/ensure_env.sh "$fw"
done
bash tools/data.sh
export D2L_DATA_DIR=$root/.data
out=_build/bench
mkdir -p "$out"
for fw in "${fws[@]}"; do
  # The chapter's own output (summaries, shapes) is not part of the table.
  ".venv/$fw/bin/python" -m d2l_local.bench --framework "$fw" \
    --json "$out/$fw.json" > "$out/$fw.log"
done
.venv/${fws[0]}/bin/python - "$out" "${fws[@]}" <<'PY'
import json, pathlib, sys
from d2l_local.bench import print_table
out = pathlib.Path(sys.argv[1])
rows = [r for fw in sys.argv[2:] for r in json.loads((out / f'{fw}.json').read_text())]
print_table(rows)
(out / 'bench.json').write_text(json.dumps(rows, indent=1) + '\n')
print(f'written to {out / "bench.json"}')
PY

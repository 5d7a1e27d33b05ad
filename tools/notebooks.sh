#!/usr/bin/env bash
# `make notebooks [FW="..."] [PAGE=name]`: regenerate the per-framework notebooks from the
# tabbed sources in chapters/ and execute each one in its framework's own
# environment, storing the outputs that the book shows and nbval checks.
source "$(dirname "$0")/common.sh"
source tools/frameworks.sh
use_frameworks notebooks "$@"

for fw in "${fws[@]}"; do
  bash tools/ensure_env.sh "$fw"
done
bash tools/data.sh
export D2L_DATA_DIR=$root/.data

# The notebooks as they are before the split overwrites them: one whose code
# and outputs come out the same keeps its execution record, so a second run
# changes nothing.
previous=$(mktemp -d)
trap 'rm -rf "$previous"' EXIT
cp -r notebooks "$previous/"

# Any framework env can split: it only needs nbformat.
py=.venv/${fws[0]}/bin/python
"$py" -m d2l_build.split_notebooks --fw "${fws[@]}"
if [ -n "${PAGE:-}" ]; then
  # The other pages are not executed: they keep their stored outputs (a
  # change of their code still shows in `python -m d2l_build.split_notebooks --check`).
  for nb in "$previous"/notebooks/*/*/*.ipynb; do
    [ "$(basename "$nb" .ipynb)" = "$PAGE" ] || cp "$nb" "${nb#"$previous"/}"
  done
fi

# Each program runs once: in the source language (the registry's first);
# the translations get its outputs (their code cells are the same).
read -ra langs <<< "$(registry languages)"
source_lang=${langs[0]}
total=$(now)
for fw in "${fws[@]}"; do
  # PAGE=mlp-exercises executes that page only (all are split anew).
  for nb in notebooks/"$source_lang"/"$fw"/${PAGE:-*}.ipynb; do
    [ -f "$nb" ] || { echo "make notebooks: no page '$PAGE' (see _toc.yml)" >&2; exit 2; }
    t=$(now)
    # JUPYTER_PATH puts this env's `python3` kernel first, so the notebook
    # runs with the framework env's interpreter whatever else is installed.
    JUPYTER_PATH=$root/.venv/$fw/share/jupyter \
      ".venv/$fw/bin/python" -m d2l_build.execute_notebook "$nb"
    # Before --clean, which drops the cell timings the record reads.
    ".venv/$fw/bin/python" -m d2l_build.execution_record record "$nb" --previous "$previous/$nb"
    "$py" -m d2l_build.split_notebooks --clean "$nb"
    echo "make notebooks: $nb executed in $(seconds_since "$t") s"
    for lang in "${langs[@]:1}"; do
      "$py" -m d2l_build.share_outputs "$nb" "notebooks/$lang/$fw/$(basename "$nb")"
    done
  done
done
echo "make notebooks: all done in $(seconds_since "$total") s"

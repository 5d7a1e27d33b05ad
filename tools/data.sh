#!/usr/bin/env bash
# Put Fashion-MNIST in .data/fashion-mnist (the D2L_DATA_DIR of tests and
# notebooks): copied from ../shared when it sits beside the clone (offline
# machines, CI), downloaded and verified by d2l_local otherwise.
source "$(dirname "$0")/common.sh"
dest=.data/fashion-mnist
files=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz
       t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)
missing=0
for f in "${files[@]}"; do [ -f "$dest/$f" ] || missing=1; done
[ "$missing" = 1 ] || exit 0
shared=../shared/data/fashion-mnist
mkdir -p "$dest"
if [ -d "$shared" ]; then
  for f in "${files[@]}"; do
    # Copy to a temporary name first so an interrupted copy is never taken
    # for the real file.
    cp "$shared/$f" "$dest/$f.part" && mv "$dest/$f.part" "$dest/$f"
  done
  echo "data: copied Fashion-MNIST from $shared to $dest" >&2
else
  py=$(ls .venv/*/bin/python 2>/dev/null | grep -v '/book/' | head -n1 || true)
  [ -n "$py" ] || py=python3
  "$py" -m d2l_local.data --root .data
fi

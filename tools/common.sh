# Sourced by every make script: strict mode, the repository root as working
# directory, the framework registry and one way to measure time.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# Keep compiled bytecode. Some machines set PYTHONDONTWRITEBYTECODE (this
# project's CI machines do), and then every process compiles every module it
# imports again: `import tensorflow` took 15.1 s against 5.2 s, `import
# torch` 5.4 against 2.4 s, in each of the dozens of kernels and test
# processes of a `make test`. The bytecode goes where Python puts it by
# default (__pycache__, ignored by git and by d2l_build.suite_key).
unset PYTHONDONTWRITEBYTECODE

now() { date +%s.%N; }
# seconds_since T0: elapsed seconds since a `now` reading, one decimal.
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# Environments: one per framework, the book's, Colab's mirror, and tools.
env_input() {  # the hand-edited requirements of an environment
  case $1 in
    book) echo requirements.txt ;;
    *) echo "requirements/$1.in" ;;
  esac
}
env_lock() { echo "requirements/$1.lock"; }
# env_files ENV: an environment's requirements file and those it includes
# with -r, each followed by its <name>.exclude (packages kept out of the
# resolution) when there is one.
env_files() {
  local in dir f
  in=$(env_input "$1")
  dir=$(dirname "$in")
  for f in "$in" $(sed -n 's/^-r  *//p' "$in" | sed "s|^|$dir/|"); do
    echo "$f"
    [ ! -f "${f%.*}.exclude" ] || echo "${f%.*}.exclude"
  done
}
# input_hash ENV: hash of all those files, written into the lock so that a
# stale lock is noticed.
input_hash() {
  local f
  for f in $(env_files "$1"); do cat "$f"; done | sha256sum | cut -c1-16
}
env_python_version() {  # the Python an environment is built with
  case $1 in colab) echo 3.13 ;; *) echo 3.11 ;; esac
}
# find_python X.Y: PYTHON (3.11) or PYTHON313 if set, else pythonX.Y on the
# PATH, else a pyenv install of it.
find_python() {
  local v=$1 var=PYTHON candidate
  [ "$v" = 3.11 ] || var=PYTHON${v/./}
  for candidate in "${!var:-}" "python$v" "$HOME"/.pyenv/versions/"$v"*/bin/"python$v"; do
    [ -n "$candidate" ] || continue
    if "$candidate" -c 'import sys; assert sys.version_info[:2] == tuple(map(int, sys.argv[1].split(".")))' "$v" 2>/dev/null; then
      command -v "$candidate" || echo "$candidate"
      return 0
    fi
  done
  echo "make: Python $v is needed for this environment; put python$v on the PATH or set $var=/path/to/python$v" >&2
  return 1
}
# d2l_local goes into the Colab mirror as the notebooks' set-up cell puts it
# there (a non-editable install, so that cell finds it and skips its fetch).
install_into_colab() {
  .venv/colab/bin/python -m pip install -q --no-deps --force-reinstall . \
    2> >(grep -v 'is ignored: it is neither' >&2) >/dev/null
}
# For verification runs only (make test, make test-repeat; not make
# notebooks or make bench, whose timings are the book's): OpenMP threads
# (PyTorch's, MXNet's) that spin while they wait take the core away from
# their partner on a loaded 2-core machine; there a short PyTorch fit took
# 34.7 s spinning and 8.5 s waiting passively (median of 3 each). Passive
# waiting changes no number (the same history, bit for bit).
wait_passively() { export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}; }

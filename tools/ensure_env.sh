#!/usr/bin/env bash
# Create or update .venv/<env> from its lock file; do nothing when the lock
# (and the package metadata) has not changed since the last successful install.
source "$(dirname "$0")/common.sh"
env=$1
lock=$(env_lock "$env")
[ -f "$lock" ] || { echo "ensure_env: unknown environment '$env' (no $lock; see \`make lock\`)" >&2; exit 2; }
# (make lock itself needs the tools environment while it renews its lock.)
if [ -z "${D2L_LOCKING:-}" ] && [ "$(sed -n 's/^# input: //p' "$lock")" != "$(input_hash "$env")" ]; then
  echo "ensure_env: $(env_input "$env") changed since $lock was made: run \`make lock ENVS=$env\` and commit the lock" >&2
  exit 2
fi
# The stamp holds the hash of the lock and of the package metadata: a new
# lock rebuilds the environment from nothing (so no package of an older lock
# stays behind), new metadata only reinstalls d2l_local.
lock_key=$(sha256sum < "$lock" | cut -c1-16)
meta_key=$(sha256sum < pyproject.toml | cut -c1-16)
key="$lock_key $meta_key"
venv=.venv/$env
stamp=$(cat "$venv/.stamp" 2>/dev/null || true)
if [ "$stamp" = "$key" ]; then
  exit 0
fi
# The tools environment (which holds uv) is installed by pip; every other one
# by uv from the same hashed lock: it links from its cache in parallel. No
# --compile-bytecode: compiling every module of torch, TensorFlow and JAX
# ahead took 90% of the set-up (Colab's environment: 51 s against 2 s);
# Python compiles, once, just the modules a run imports.
install() {
  if [ "$env" = tools ]; then
    # Some machines' pip configuration names local indexes that may not
    # exist; their "is ignored" notices are noise, every real error shows.
    "$venv/bin/python" -m pip install -q "$@" 2> >(grep -v 'is ignored: it is neither' >&2)
  else
    # /opt/wheels holds the CPU build of PyTorch on this project's machines
    # (pip finds it through its configuration, uv only when told).
    local links=()
    [ ! -d /opt/wheels ] || links=(--find-links /opt/wheels)
    .venv/tools/bin/uv pip install -q --python "$venv/bin/python" \
      "${links[@]}" "$@"
  fi
}
[ "$env" = tools ] || bash tools/ensure_env.sh tools
t=$(now)
if [ "${stamp% *}" != "$lock_key" ]; then
  python=$(find_python "$(env_python_version "$env")")
  echo "ensure_env: building $venv from $lock" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  # The lock pins every package with its hashes, so nothing else is resolved.
  install --require-hashes --no-deps -r "$lock"
  case $env in
    tools|book) ;;
    # Register the kernel inside the env so notebooks run with its python.
    *) "$venv/bin/python" -m ipykernel install --sys-prefix --name python3 >/dev/null ;;
  esac
fi
case $env in
  tools) ;;
  # d2l_local goes in as the notebooks' set-up cell puts it there (a
  # non-editable install), by tools/test.sh before every run.
  colab) ;;
  # setuptools builds in the source tree (d2l_local.egg-info, build/): one
  # environment at a time, as `make test` creates several side by side.
  *) mkdir -p .cache && { flock 9 && install --no-deps -e .; } 9> .cache/editable-install.lock ;;
esac
echo "$key" > "$venv/.stamp"
echo "ensure_env: $venv ready in $(seconds_since "$t") s" >&2

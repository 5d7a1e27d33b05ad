#!/usr/bin/env bash
# `make lab [FW="..."]`: JupyterLab on the tabbed sources in chapters/, with
# one kernel per framework environment ("PyTorch (d2l)", ...), each starting
# with its framework selected for d2lbook's %%tab cells (d2l_build/lab.py).
# JupyterLab itself runs from the book environment. Extra arguments for it:
# LAB_ARGS="--no-browser --port 8899".
source "$(dirname "$0")/common.sh"
source tools/frameworks.sh
use_frameworks lab "$@"

for env in book "${fws[@]}"; do
  bash tools/ensure_env.sh "$env"
done
bash tools/data.sh
# The kernels live in the repository's .venv, found through JUPYTER_PATH:
# nothing is registered in the user's Jupyter folders.
kernels=$root/.venv/lab/share/jupyter
.venv/book/bin/python -m d2l_build.lab kernels "$kernels" "${fws[@]}" >/dev/null
export JUPYTER_PATH=$kernels
allowed=$(printf '"d2l-%s",' "${fws[@]}")
# A new notebook opens on the book's default framework when it is there.
default=$(python3 -c 'from d2l_local import registry; print(registry.DEFAULT_FRAMEWORK)')
case " ${fws[*]} " in *" $default "*) ;; *) default=${fws[0]} ;; esac
root_ok=()
# Jupyter refuses root unless told; containers often run as root.
[ "$(id -u)" -ne 0 ] || root_ok=(--allow-root)
# shellcheck disable=SC2086  # LAB_ARGS is a list of options
exec .venv/book/bin/jupyter lab --notebook-dir="$root/chapters" \
  "--KernelSpecManager.allowed_kernelspecs=[${allowed%,}]" \
  "--MappingKernelManager.default_kernel_name=d2l-$default" "${root_ok[@]}" ${LAB_ARGS:-}

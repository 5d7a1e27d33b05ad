"""One line per environment: versions and the CPU kernels a framework picks.

Run with an environment's python: `.venv/jax/bin/python -m d2l_build.env_report
jax`. `make test` prints them before an environment's first suite, so that a
CI log says what ran.
"""

import os
import platform
import re
import sys

from d2l_build import frameworks
from d2l_local import registry

COLAB_ENV = 'colab'


def cpu_isa():
    """The widest x86 vector extension the CPU offers."""
    try:
        flags = (
            re.search(r'^flags\s*:(.*)$', open('/proc/cpuinfo').read(), re.M)
            .group(1)
            .split()
        )
    except (OSError, AttributeError):
        return platform.machine()
    for isa in ('avx512f', 'avx2', 'avx', 'sse4_2'):
        if isa in flags:
            return isa
    return platform.machine()


def knobs():
    names = (
        'ATEN_CPU_CAPABILITY',
        'ONEDNN_MAX_CPU_ISA',
        'TF_ENABLE_ONEDNN_OPTS',
        'XLA_FLAGS',
        'OMP_NUM_THREADS',
    )
    return ' '.join(f'{n}={os.environ[n]}' for n in names if n in os.environ)


def in_env(env):
    """The frameworks an environment holds: its own, or in Colab's mirror
    every framework that runs on Colab."""
    return [
        fw
        for fw in registry.FRAMEWORKS
        if fw.env == env or (env == COLAB_ENV and fw.colab)
    ]


def main(env):
    import numpy as np

    parts = [f'python {platform.python_version()}', f'numpy {np.__version__}']
    for fw in in_env(env):
        try:
            parts += frameworks.facts(fw.key).versions()
        except Exception as exc:  # a report must not hide the others
            parts.append(f'{fw.module}: {type(exc).__name__}: {exc}')
    usable = len(os.sched_getaffinity(0))  # make test gives each worker its share
    parts.append(f'cpu {cpu_isa()}, {os.cpu_count()} cores, {usable} usable')
    if knobs():
        parts.append(knobs())
    print(f'{env:<10} ' + '; '.join(parts))


if __name__ == '__main__':
    main(sys.argv[1])

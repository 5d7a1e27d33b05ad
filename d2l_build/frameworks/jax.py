"""JAX: see d2l_build/frameworks/__init__.py."""

import os
import re

from d2l_build.frameworks import THREADS

PROBE = (
    'import json, jax, importlib.metadata as m\n'
    'd = jax.devices()[0]\n'
    "extra = ', '.join(f'{p} {m.version(p)}' for p in ('jaxlib', 'flax', 'optax'))\n"
    "out = {'version': f'{jax.__version__} ({extra})', 'cpu': f'XLA:{d.platform.upper()} ({d.device_kind}), compiled for the host CPU'}\n"
)

MACHINES = {
    'default': {},
    'XLA AVX2': {'XLA_FLAGS': '--xla_cpu_max_isa=AVX2'},
    'XLA SSE4.2': {'XLA_FLAGS': '--xla_cpu_max_isa=SSE4_2'},
    '1 thread': {
        'XLA_FLAGS': '--xla_cpu_multi_thread_eigen=false '
        'intra_op_parallelism_threads=1',
        **THREADS[1],
    },
}

NO_ACTIVATION = ''
# Its names and API terms: prose that uses one belongs in its tab.
TERMS = (
    r'\bJAX\b',
    r'\bjax\b',
    r'\bFlax\b',
    r'\bflax\b',
    r'\bjnp\b',
    r'\blinen\b',
    r'\bpytree\b',
    r'\bPRNG\b',
    r'__call__',
    r'\bnn\.compact\b',
    r'\bmodel\.(init|apply)\b',
    r'\bself\.param\b',
    r'\bsetup\b',
    r'\bDense\b',
)


def versions():
    import jax
    import jaxlib

    flags = os.environ.get('XLA_FLAGS', '')
    isa = re.search(r'--xla_cpu_max_isa=(\w+)', flags)
    return (
        f'jax {jax.__version__}',
        f'jaxlib {jaxlib.__version__}',
        f'backend {jax.default_backend()}',
        f'XLA ISA {isa.group(1) if isa else "best"}',
    )

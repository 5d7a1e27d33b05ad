"""PyTorch: see d2l_build/frameworks/__init__.py."""

import re

from d2l_build.frameworks import THREADS

PROBE = (
    'import json, torch\n'
    "out = {'version': torch.__version__, 'cpu': 'ATen CPU kernels: ' + torch.backends.cpu.get_cpu_capability()}\n"
)

MACHINES = {
    'default': {},
    'ATen AVX2': {'ATEN_CPU_CAPABILITY': 'avx2'},
    'ATen AVX-512': {'ATEN_CPU_CAPABILITY': 'avx512'},
    'ATen no SIMD': {'ATEN_CPU_CAPABILITY': 'default'},
    '1 thread': THREADS[1],
    '4 threads': THREADS[4],
    'AVX2, 1 thread': {'ATEN_CPU_CAPABILITY': 'avx2', **THREADS[1]},
}

NO_ACTIVATION = 'nn.Identity()'
# Its names and API terms: prose that uses one belongs in its tab.
TERMS = (
    r'\bPyTorch\b',
    r'\btorch\b',
    r'\bnn\.Parameter\b',
    r'\bnn\.Module\b',
    r'\b(Lazy)?Linear\b',
    r'\bnn\.ReLU\b',
    r'\bparameters\(\)',
    r'\bSequential\b',
    r'\bFlatten\b',
)


def versions():
    import torch

    config = torch.__config__.show()
    onednn = re.search(r'oneDNN v([\d.]+)', config)
    blas = re.search(r'BLAS_INFO=(\w+)', config)
    return (
        f'torch {torch.__version__}',
        f'blas {blas.group(1) if blas else "?"}',
        f'oneDNN {onednn.group(1) if onednn else "-"}',
        f'kernels {torch.backends.cpu.get_cpu_capability()}',
        f'threads {torch.get_num_threads()}',
    )

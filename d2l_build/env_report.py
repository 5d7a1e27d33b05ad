"""One line per environment: versions and the CPU kernels a framework picks.

Run with an environment's python: `.venv/jax/bin/python -m d2l_build.env_report
jax`. `make test` prints these lines first, so that a CI log says what ran.
"""

import os
import platform
import re
import sys


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


def torch_info():
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


def tensorflow_info():
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    import tensorflow as tf

    onednn = os.environ.get('TF_ENABLE_ONEDNN_OPTS', '1') != '0'
    isa = os.environ.get('ONEDNN_MAX_CPU_ISA', 'best')
    return (
        f'tensorflow {tf.__version__}',
        f'keras {tf.keras.__version__}',
        f'oneDNN {"on, ISA " + isa if onednn else "off (Eigen)"}',
    )


def mxnet_info():
    import mxnet as mx

    features = mx.runtime.Features()
    blas = next(
        (
            n
            for n in ('BLAS_MKL', 'BLAS_OPEN', 'BLAS_ATLAS', 'BLAS_APPLE')
            if features.is_enabled(n)
        ),
        '?',
    )
    onednn = (
        features.is_enabled('MKLDNN')
        and os.environ.get('MXNET_MKLDNN_ENABLED', '1') != '0'
    )
    isa = os.environ.get('ONEDNN_MAX_CPU_ISA', 'best')
    return (
        f'mxnet {mx.__version__}',
        f'blas {blas[5:].lower()}',
        f'oneDNN {"on, ISA " + isa if onednn else "off"}',
    )


def jax_info():
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


INFO = {
    'torch': torch_info,
    'tensorflow': tensorflow_info,
    'mxnet': mxnet_info,
    'jax': jax_info,
}
FRAMEWORKS = {
    'pytorch': ['torch'],
    'tensorflow': ['tensorflow'],
    'mxnet': ['mxnet'],
    'jax': ['jax'],
    'colab': ['torch', 'tensorflow', 'jax'],
}


def main(env):
    import numpy as np

    parts = [f'python {platform.python_version()}', f'numpy {np.__version__}']
    for name in FRAMEWORKS.get(env, []):
        try:
            parts += INFO[name]()
        except Exception as exc:  # a report must not hide the others
            parts.append(f'{name}: {type(exc).__name__}: {exc}')
    parts.append(f'cpu {cpu_isa()}, {os.cpu_count()} cores')
    if knobs():
        parts.append(knobs())
    print(f'{env:<10} ' + '; '.join(parts))


if __name__ == '__main__':
    main(sys.argv[1])

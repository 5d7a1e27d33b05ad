"""MXNet: see d2l_build/frameworks/__init__.py."""

import os

from d2l_build.frameworks import ONEDNN_AVX2, THREADS

PROBE = (
    'import json, mxnet as mx\n'
    'x = mx.nd.ones((64, 64))\n'
    'mx.nd.FullyConnected(x, mx.nd.ones((32, 64)), mx.nd.zeros(32), num_hidden=32).wait_to_read()\n'
    "out = {'version': mx.__version__}\n"
)

MACHINES = {
    'default': {},
    'oneDNN AVX2': ONEDNN_AVX2,
    'oneDNN off': {'MXNET_MKLDNN_ENABLED': '0', 'MXNET_ONEDNN_ENABLED': '0'},
    '1 thread': THREADS[1],
    '4 threads': THREADS[4],
}

NO_ACTIVATION = 'activation=None'
# Its names and API terms: prose that uses one belongs in its tab.
TERMS = (
    r'\bMXNet\b',
    r'\bmxnet\b',
    r'\bGluon\b',
    r'\bnpx\b',
    r'\battach_grad\b',
    r'\binitialize\(\)',
    r'\bSequential\b',
    r'\bDense\b',
)


def versions():
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

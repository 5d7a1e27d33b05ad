"""TensorFlow: see d2l_build/frameworks/__init__.py."""

import os

from d2l_build.frameworks import ONEDNN_AVX2, THREADS

PROBE = (
    'import json, tensorflow as tf\n'
    'x = tf.ones((64, 64)); tf.linalg.matmul(x, x).numpy()\n'
    "out = {'version': tf.__version__}\n"
)

MACHINES = {
    'default': {},
    'oneDNN off': {'TF_ENABLE_ONEDNN_OPTS': '0'},
    'oneDNN AVX2': ONEDNN_AVX2,
    '1 thread': THREADS[1],
    '4 threads': THREADS[4],
}

NO_ACTIVATION = 'activation=None'
# Its names and API terms: prose that uses one belongs in its tab.
TERMS = (
    r'\bTensorFlow\b',
    r'\bKeras\b',
    r'\bkeras\b',
    r'\btf\.',
    r'\bGradientTape\b',
    r'\btrainable_variables\b',
    r'\bSequential\b',
    r'\bFlatten\b',
    r'\bDense\b',
)


def versions():
    # From the installed packages' metadata: importing TensorFlow and Keras
    # to ask would cost the report 5 s, the same figures.
    from importlib import metadata

    def installed(*names):
        for name in names:
            try:
                return metadata.version(name)
            except metadata.PackageNotFoundError:
                pass
        return 'missing'

    onednn = os.environ.get('TF_ENABLE_ONEDNN_OPTS', '1') != '0'
    isa = os.environ.get('ONEDNN_MAX_CPU_ISA', 'best')
    return (
        f'tensorflow {installed("tensorflow", "tensorflow-cpu")}',
        f'keras {installed("keras")}',
        f'oneDNN {"on, ISA " + isa if onednn else "off (Eigen)"}',
    )

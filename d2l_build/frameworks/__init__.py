"""What the build tools know of each framework, one module per registry key.

`facts('pytorch')` is the module `d2l_build.frameworks.pytorch`. Each module
holds, for its framework:

* `PROBE`: code that prints its version (and CPU capability, when it says)
  as JSON, run in its environment for the execution record;
* `versions()`: the lines `make test` prints about its environment;
* `MACHINES`: settings that make it pick other CPU kernels or thread splits
  (`make test-machines`), by name, 'default' being the machine as it is;
* `NO_ACTIVATION`: what its concise model's activation becomes to have none
  (`make test-mutations`).

Importing a module imports no framework: `versions()` does, when called.
"""

import importlib

from d2l_local import registry

ONEDNN_AVX2 = {
    'ONEDNN_MAX_CPU_ISA': 'AVX2',
    'DNNL_MAX_CPU_ISA': 'AVX2',
    'MKLDNN_MAX_CPU_ISA': 'AVX2',
}
THREADS = {
    n: {
        'OMP_NUM_THREADS': str(n),
        'MKL_NUM_THREADS': str(n),
        'OPENBLAS_NUM_THREADS': str(n),
        'TF_NUM_INTRAOP_THREADS': str(n),
        'TF_NUM_INTEROP_THREADS': str(n),
    }
    for n in (1, 4)
}


def facts(key):
    return importlib.import_module(f'{__name__}.{registry.framework(key).key}')

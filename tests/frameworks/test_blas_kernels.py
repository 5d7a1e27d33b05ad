"""MXNet's own OpenBLAS computes the scratch model's products with AVX2
kernels on every CPU that has AVX2, not only on the CPUs it knows.

Left to itself it fell back to its SSE3 kernels on an AVX-512 Intel Xeon it
did not know, and the chapter's scratch fit took 47 s instead of 22 s.
"""

import os
import subprocess
import sys

import pytest


@pytest.mark.only('mxnet')
def test_mxnet_products_use_avx2_kernels_wherever_the_cpu_has_them():
    from d2l_local.mxnet import _cpu_flags  # MXNet's environment only

    env = {**os.environ, 'OPENBLAS_VERBOSE': '2'}
    env.pop('OPENBLAS_CORETYPE', None)
    code = 'import os, d2l_local.mxnet; print(os.environ.get("OPENBLAS_CORETYPE"))'
    out = subprocess.run(
        [sys.executable, '-c', code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    if {'avx2', 'fma'} <= _cpu_flags():
        # OpenBLAS names the kernels it loaded, once for each copy of it in
        # the process (numpy's, loaded before d2l_local.mxnet, and MXNet's).
        printed = (out.stdout + out.stderr).splitlines()
        cores = [line for line in printed if line.startswith('Core:')]
        assert 'Core: Haswell' in cores, cores
    else:  # a CPU without them keeps the kernels OpenBLAS picks
        assert out.stdout.split()[-1] == 'None', out.stdout

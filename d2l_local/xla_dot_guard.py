"""Keep XLA:CPU from reusing stale weights in dots (jaxlib 0.7, Colab's).

Some jaxlib releases hand large float32 dots on the CPU to XNNPACK, which
caches the packed right-hand operand under its address. When that array is
freed and a new array of the same shape is later allocated at the same
address, as a training loop's parameters are every step, the dot can use
the old array's values. A fit then depends on where the allocator happens
to put each step's output, which changes with timing: the same seed gives
different numbers from run to run. `d2l_build/xla_stale_dot.py` shows it.

On the affected releases, dots are kept away from XNNPACK: through
`XLA_FLAGS` for every computation of the process (it takes effect only if
set before JAX runs its first computation, which is why `d2l_local.jax`
does it at import), and through the compile options of the trainer's own
steps, which hold even when the process had computed something earlier.
"""

import os

import jaxlib

FLAG = 'xla_cpu_use_xnnpack'
# [first, last): the jaxlib releases in which d2l_build/xla_stale_dot.py finds
# stale results. Measured: 0.7.1, 0.7.2, 0.8.0 and 0.8.1 do; 0.5.3, 0.6.2,
# 0.7.0, 0.8.2, 0.8.3, 0.9.0 and 0.10.2 do not (and 0.4 does not know the
# flag at all, so it must never be set outside the range).
AFFECTED = ((0, 7, 1), (0, 8, 2))


def release(version):
    """'0.7.2' -> (0, 7, 2); suffixes such as '.dev2025' are ignored."""
    parts = []
    for part in version.split('.')[:3]:
        digits = ''.join(ch for ch in part if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def needed(version=jaxlib.__version__):
    first, last = AFFECTED
    return first <= release(version) < last


def apply(environ=os.environ):
    """Add the flag to XLA_FLAGS unless the user chose a value for it."""
    flags = environ.get('XLA_FLAGS', '')
    if needed() and f'--{FLAG}' not in flags:
        environ['XLA_FLAGS'] = f'{flags} --{FLAG}=false'.strip()


# Per-executable options for the trainer's jitted steps (None: defaults).
COMPILER_OPTIONS = {FLAG: False} if needed() else None

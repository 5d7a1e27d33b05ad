"""`shared_jit`: `jax.jit` whose compiled programs outlive the function.

A JAX `Trainer` jits its step afresh for each fit, because the step closes
over the model. Left to `jax.jit`, every fit then pays XLA's compilation
(about half a second per step function on a laptop CPU, four of them per
fit) even when an earlier fit compiled the very same program, as fits that
differ only in their seed do. Here a program is compiled once per process
and found again by what it traces to: the jaxpr, its constants and the
argument structure. The key never relies on the Python objects involved, so
a method or global function redefined between two fits changes the jaxpr
and gets a compilation of its own, never a stale one.
"""

import hashlib

import jax
import numpy as np

_executables = {}  # program key -> compiled executable, for the process


def _program_key(traced, options):
    consts = hashlib.sha256()
    for c in traced.jaxpr.consts:
        a = np.asarray(c)
        consts.update(f'{a.dtype}{a.shape}'.encode())
        consts.update(a.tobytes())
    return (
        str(traced.jaxpr.jaxpr),
        consts.hexdigest(),
        str(traced.in_tree),
        str(traced.out_info),
        repr(sorted((options or {}).items())),
    )


def shared_jit(fn, compiler_options=None):
    """`jax.jit(fn, compiler_options=...)` for positional array arguments,
    reusing the executable of any earlier function that traced to the same
    program."""
    jitted = jax.jit(fn)
    by_signature = {}  # argument shapes -> executable, for this function

    def call(*args):
        leaves, tree = jax.tree.flatten(args)
        signature = (
            tree,
            tuple((x.shape, x.dtype, getattr(x, 'weak_type', False)) for x in leaves),
        )
        run = by_signature.get(signature)
        if run is None:
            traced = jitted.trace(*args)
            key = _program_key(traced, compiler_options)
            run = _executables.get(key)
            if run is None:
                run = traced.lower().compile(compiler_options)
                _executables[key] = run
            by_signature[signature] = run
        return run(*args)

    return call

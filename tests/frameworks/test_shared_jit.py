"""d2l_local.shared_jit: one compilation per program, never a stale one."""

import pytest
from test_contract import fit_small

pytestmark = pytest.mark.only('jax')


@pytest.fixture
def sj():
    from d2l_local import shared_jit

    shared_jit._executables.clear()
    return shared_jit


def scale(x):
    return x * FACTOR


FACTOR = 2.0


def test_functions_that_trace_alike_share_one_executable(sj):
    import jax.numpy as jnp

    x = jnp.arange(4.0)
    first = sj.shared_jit(lambda a: a * 2.0 + 1.0)
    second = sj.shared_jit(lambda a: a * 2.0 + 1.0)  # another function object
    assert (first(x) == second(x)).all()
    assert len(sj._executables) == 1
    first(x[:2])  # another shape: another program
    assert len(sj._executables) == 2


def test_a_changed_constant_or_redefined_global_compiles_anew(sj):
    import jax.numpy as jnp

    global FACTOR
    x = jnp.arange(4.0)

    def step(a):  # a fresh closure per fit, as the trainer makes them
        return scale(a)

    assert list(sj.shared_jit(step)(x)) == [0.0, 2.0, 4.0, 6.0]
    FACTOR = 3.0
    try:

        def step(a):
            return scale(a)

        assert list(sj.shared_jit(step)(x)) == [0.0, 3.0, 6.0, 9.0]
    finally:
        FACTOR = 2.0
    assert len(sj._executables) == 2


def test_closed_over_arrays_are_part_of_the_program(sj):
    import jax.numpy as jnp

    x = jnp.ones(3)
    a, b = jnp.array([1.0, 2.0, 3.0]), jnp.array([1.0, 2.0, 4.0])
    assert list(sj.shared_jit(lambda v: v * a)(x)) == [1.0, 2.0, 3.0]
    assert list(sj.shared_jit(lambda v: v * b)(x)) == [1.0, 2.0, 4.0]


def test_a_repeated_fit_compiles_nothing_and_learns_the_same(fw, data, sj):
    make = lambda: fw.concise(num_hiddens=16)  # noqa: E731
    first = fit_small(fw, data, make, epochs=1)
    compiled = len(sj._executables)
    assert compiled >= 2  # the training step and the validation step
    assert fit_small(fw, data, make, epochs=1) == first
    assert len(sj._executables) == compiled


def test_fits_that_differ_in_the_learning_rate_alone_share_their_programs(fw, data, sj):
    first = fit_small(fw, data, lambda: fw.concise(num_hiddens=16, lr=0.1), epochs=1)
    compiled = len(sj._executables)
    other = fit_small(fw, data, lambda: fw.concise(num_hiddens=16, lr=0.3), epochs=1)
    assert len(sj._executables) == compiled  # the rate is an input, not a constant
    assert other != first  # and it is used

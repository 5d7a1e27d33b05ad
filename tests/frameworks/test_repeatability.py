"""Same seed, same machine, same numbers, bit for bit.

A fit of the chapter's model over a few hundred steps of the real data is
repeated in the same process and in a fresh one; the histories must be
identical, not merely close. On JAX the cause of the one failure seen so
far (stale dot operands in some jaxlib releases) is checked directly too.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from repeat_fit import history

HERE = Path(__file__).resolve().parent
PROBE = 'd2l_build.xla_stale_dot'


@pytest.fixture(scope='module')
def first_fit(fw):
    """The fit's history, made once for both tests below."""
    return history(fw)


def test_a_fit_repeated_in_one_process_gives_the_same_history(fw, first_fit):
    assert history(fw) == first_fit


def test_a_fit_repeated_in_a_fresh_process_gives_the_same_history(fw, first_fit):
    out = subprocess.run(
        [sys.executable, str(HERE / 'repeat_fit.py'), fw.key],
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE,
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == first_fit


def every_cpu():
    """Let the probe use every CPU, as an unpinned run of the chapter would:
    on one CPU shared with another `make test` worker's suite, the probe saw
    no freed address reused in 200 trials (1 run in 3 beside a busy loop)."""
    os.sched_setaffinity(0, range(os.cpu_count()))


def stale_dots(*, guarded):
    """(reuses, stale results) of the probe, with or without d2l_local's guard."""
    env = dict(os.environ)
    env.pop('XLA_FLAGS', None)
    code = 'import runpy, sys\n'
    if guarded:
        code += 'import d2l_local.jax\n'
    code += f'sys.argv = ["probe", "--fits", "0"]\nrunpy.run_module({PROBE!r}, run_name="__main__")\n'
    out = subprocess.run(
        [sys.executable, '-c', code],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=every_cpu,
    )
    found = re.search(r'cause: (\d+) stale dot results in (\d+) reuses', out.stdout)
    assert found, out.stdout + out.stderr
    stale, reused = map(int, found.groups())
    assert reused > 0, 'the probe never saw a freed address reused: no evidence'
    return reused, stale


@pytest.mark.only('jax')
def test_the_guard_is_on_wherever_dots_go_stale():
    # One way only: an affected release shows stale dots on some CPUs and
    # not on others (0 in 80 reuses on one AMD EPYC host where another
    # found them every time), so finding none proves nothing about it.
    from d2l_local import xla_dot_guard

    _, stale = stale_dots(guarded=False)
    assert not stale or xla_dot_guard.needed(), (
        f'{stale} stale dots without the guard; xla_dot_guard.AFFECTED '
        f'{xla_dot_guard.AFFECTED} must include this jaxlib'
    )


@pytest.mark.only('jax')
def test_no_dot_goes_stale_once_d2l_local_is_imported():
    _, stale = stale_dots(guarded=True)
    assert stale == 0

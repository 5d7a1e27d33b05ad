"""The tabbed source runs in this framework's environment, as an author runs it.

The contract page (d2l_build/pages.py), in the source language, is executed
in this environment's kernel the way `make lab`'s kernel of this framework
runs it: d2lbook's magic loaded by the source's own first cell, the framework
preselected as d2l_build/lab.py presets it. Only the cells before the first
fit run (imports, the models, the data), then the first fit's cell without
its `fit` line (the model and the trainer are built): seconds, not minutes.
The other frameworks' cells must be skipped, and the printed data shapes
must equal those the framework's notebook stores.

The cells go to the kernel through jupyter_client's blocking client, whose
sockets are polled by zmq itself. nbclient's asyncio polling can miss the
wake-up for a reply that arrives while the kernel opens a widget's comms
(jupyter/nbclient#312), as the first cell's `interact_select` does: the
reply was then read only when the cell's timeout ran out, and the test
passed a minute or three late.
"""

import json
import os
import queue
import sys
import time
import warnings
from pathlib import Path

import nbformat
import pytest

from d2l_build import lab, pages
from d2l_local import registry

ROOT = Path(__file__).resolve().parents[2]

LANG = registry.source_language()
PAGE = pages.contract_page()
SKIPPED = 'Ignored to run as it is not marked as a "{fw}" cell.'
# Each cell takes seconds; a stuck kernel fails the test instead of holding
# the suite.
CELL_TIMEOUT = 60


def is_fit(cell):
    return cell.cell_type == 'code' and '.fit(' in cell.source


@pytest.fixture(scope='module')
def key(request):
    return request.config.getoption('--framework')


@pytest.fixture(scope='module')
def executed(key):
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    nb = nbformat.read(ROOT / 'chapters' / LANG / f'{PAGE}.ipynb', as_version=4)
    first_fit = next(i for i, cell in enumerate(nb.cells) if is_fit(cell))
    build = nb.cells[first_fit].copy()
    build.source = '\n'.join(
        line for line in build.source.splitlines() if '.fit(' not in line
    )
    nb.cells = nb.cells[:first_fit] + [build]
    # This environment's own kernel, as `make notebooks` finds it (never a
    # python3 kernel of the user's own Jupyter folders).
    jupyter = Path(sys.prefix) / 'share' / 'jupyter'
    km = KernelManager(
        kernel_name='python3',
        kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(jupyter / 'kernels')]),
    )
    preset = json.dumps(lab.preset_lines(key))
    started = time.monotonic()
    km.start_kernel(
        extra_arguments=[f'--IPKernelApp.exec_lines={preset}'],
        env={**os.environ, 'JUPYTER_PATH': str(jupyter)},
    )
    kc = km.client()  # the blocking client
    kc.start_channels()
    times = []
    try:
        kc.wait_for_ready(timeout=120)
        for cell in nb.cells:
            if cell.cell_type == 'code' and cell.source.strip():
                begin = time.monotonic()
                cell.outputs = run_cell(kc, cell.source)
                times.append(time.monotonic() - begin)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    report_slow_run(started, times, time.monotonic())
    return nb


def run_cell(kc, source):
    """The cell's stream and error outputs, read until the kernel is idle."""
    msg_id = kc.execute(source)
    deadline = time.monotonic() + CELL_TIMEOUT
    outputs = []
    try:
        while True:
            msg = kc.get_iopub_msg(timeout=max(0.0, deadline - time.monotonic()))
            if msg['parent_header'].get('msg_id') != msg_id:
                continue
            kind, content = msg['msg_type'], msg['content']
            if kind == 'stream':
                outputs.append(nbformat.v4.new_output('stream', **content))
            elif kind == 'error':
                outputs.append(nbformat.v4.new_output('error', **content))
            elif kind == 'status' and content['execution_state'] == 'idle':
                break
        kc.get_shell_msg(timeout=max(0.0, deadline - time.monotonic()))
    except queue.Empty:
        pytest.fail(f'no reply within {CELL_TIMEOUT} s to:\n{source}')
    return outputs


def report_slow_run(started, times, ended, limit=60):
    """Seconds normally; if not, a warning in the suite's output says where
    the time went (the kernel's start-up and shutdown, each cell)."""
    if ended - started < limit:
        return
    cells = ', '.join(f'{t:.1f}' for t in times)
    warnings.warn(
        f'tab source took {ended - started:.0f} s, of which the cells {cells} s',
        stacklevel=2,
    )


def streams(cell, name):
    return ''.join(
        o.get('text', '') for o in cell.get('outputs', []) if o.get('name') == name
    )


def test_no_cell_fails(executed):
    # A cell body the magic runs reports its exception as an error output
    # only: the cell itself still counts as run, so nbclient raises nothing.
    for cell in executed.cells:
        for out in cell.get('outputs', []):
            assert out.output_type != 'error', (
                f'{cell.source}\n-> {out.ename}: {out.evalue}'
            )


def test_the_magic_runs_this_framework_and_skips_the_others(executed, key):
    tabbed = [c for c in executed.cells if c.source.startswith('%%tab ')]
    assert tabbed
    for cell in tabbed:
        marked = [t.strip() for t in cell.source.splitlines()[0][6:].split(',')]
        skipped = SKIPPED.format(fw=key) in streams(cell, 'stderr')
        assert skipped == (key not in marked and 'all' not in marked), cell.source


def test_the_data_prints_what_the_notebook_shows(executed, key):
    stored = nbformat.read(
        ROOT / 'notebooks' / LANG / key / f'{PAGE}.ipynb', as_version=4
    )
    shown = [streams(c, 'stdout') for c in stored.cells if c.cell_type == 'code']
    printed = [streams(c, 'stdout') for c in executed.cells if c.cell_type == 'code']
    data = [text for text in printed if text]
    assert data, 'the cells before the first fit print nothing'
    for text in data:
        assert text in shown, f"printed {text!r}, which {key}'s notebook does not show"

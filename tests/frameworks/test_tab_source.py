"""The tabbed source runs in this framework's environment, as an author runs it.

The contract page (d2l_build/pages.py), in the source language, is executed
through nbclient the way `make lab`'s kernel of this framework runs it:
d2lbook's magic loaded by the source's own first cell, the framework
preselected as d2l_build/lab.py presets it. Only the cells before the first
fit run (imports, the models, the data), then the first
fit's cell without its `fit` line (the model and the trainer are built):
seconds, not minutes. The other frameworks' cells must be skipped, and the
printed data shapes must equal those the framework's notebook stores.
"""

import datetime
import json
import os
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


def is_fit(cell):
    return cell.cell_type == 'code' and '.fit(' in cell.source


@pytest.fixture(scope='module')
def key(request):
    return request.config.getoption('--framework')


@pytest.fixture(scope='module')
def executed(key):
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / 'chapters' / LANG / f'{PAGE}.ipynb', as_version=4)
    first_fit = next(i for i, cell in enumerate(nb.cells) if is_fit(cell))
    build = nb.cells[first_fit].copy()
    build.source = '\n'.join(
        line for line in build.source.splitlines() if '.fit(' not in line
    )
    nb.cells = nb.cells[:first_fit] + [build]
    # This environment's own kernel, as `make notebooks` finds it.
    env = dict(os.environ, JUPYTER_PATH=str(Path(sys.prefix) / 'share' / 'jupyter'))
    preset = json.dumps(lab.preset_lines(key))
    client = NotebookClient(
        nb,
        # Each cell takes seconds; a stuck kernel fails the test instead of
        # holding the suite.
        timeout=60,
        startup_timeout=120,
        kernel_name='python3',
        extra_arguments=[f'--IPKernelApp.exec_lines={preset}'],
    )
    old = dict(os.environ)
    os.environ.update(env)
    started = time.time()
    try:
        client.execute()  # raises on the first cell that fails
    finally:
        os.environ.clear()
        os.environ.update(old)
    report_slow_run(nb, started, time.time())
    return nb


def report_slow_run(nb, started, ended, limit=60):
    """Seconds normally; if not, a warning in the suite's output says where
    the time went (kernel start-up, a cell, shutdown), from nbclient's
    per-cell timestamps."""
    if ended - started < limit:
        return
    parts, last = [], started
    for i, cell in enumerate(nb.cells):
        timing = cell.get('metadata', {}).get('execution', {})
        if 'iopub.execute_input' in timing:
            begin = _seconds(timing['iopub.execute_input'])
            end = _seconds(timing['shell.execute_reply'])
            parts.append(
                f'before cell {i} {begin - last:.1f} s, cell {i} {end - begin:.1f} s'
            )
            last = end
    parts.append(f'after the last cell {ended - last:.1f} s')
    warnings.warn(
        f'tab source took {ended - started:.0f} s: ' + '; '.join(parts), stacklevel=2
    )


def _seconds(stamp):
    return datetime.datetime.fromisoformat(stamp.replace('Z', '+00:00')).timestamp()


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

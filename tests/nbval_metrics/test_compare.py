"""The metric comparator alone, then the plugin driving nbval on notebooks."""

import subprocess
import sys

import nbformat
import pytest

from d2l_build.nbval_metrics.compare import metric_values, reconcile, template

LINE = 'epoch 10: train_loss 0.383, val_loss 0.414, val_acc 0.852\n'


def test_equal_text_is_unchanged():
    assert reconcile(LINE, LINE, 0.005) == (LINE, [])


def test_metrics_inside_the_tolerance_take_the_stored_digits():
    remade = 'epoch 10: train_loss 0.386, val_loss 0.410, val_acc 0.857\n'
    assert reconcile(LINE, remade, 0.005) == (LINE, [])


def test_a_metric_outside_the_tolerance_is_named():
    remade = 'epoch 10: train_loss 0.383, val_loss 0.414, val_acc 0.858\n'
    text, problems = reconcile(LINE, remade, 0.005)
    assert text == remade
    assert problems == [
        'val_acc 0.858 differs from the stored 0.852 by more than the tolerance 0.005'
    ]


def test_the_boundary_is_inclusive():
    remade = LINE.replace('0.852', '0.857')
    assert reconcile(LINE, remade, 0.005)[0] == LINE


def test_a_changed_structure_is_left_for_the_exact_comparison():
    for remade in (
        LINE.replace('epoch 10', 'epoch 9'),
        LINE.replace('0.852', '0.85'),
        LINE.replace('val_acc', 'val_accuracy'),
        LINE.replace(', val_acc 0.852', ''),
    ):
        text, problems = reconcile(LINE, remade, 0.005)
        assert text == remade and text != LINE and problems == []


def test_missing_or_extra_lines_are_left_for_the_exact_comparison():
    two = LINE + LINE
    assert reconcile(two, LINE, 0.005) == (LINE, [])
    assert reconcile(LINE, two, 0.005) == (two, [])


def test_nan_never_matches():
    remade = LINE.replace('0.414', 'nan')
    assert reconcile(LINE, remade, 1.0)[0] != LINE


def test_template_and_values():
    assert template(LINE) == (
        'epoch 10: train_loss 0.000, val_loss 0.000, val_acc 0.000\n'
    )
    assert metric_values(LINE + 'val_acc=0.9') == {
        'train_loss': [0.383],
        'val_loss': [0.414],
        'val_acc': [0.852, 0.9],
    }


def test_the_share_of_active_units_is_a_metric():
    # exercise 3 prints it; which units die moves with the CPU's kernels
    stored = 'width 2: val_acc 0.412, val_active 0.350\n'
    assert reconcile(stored, stored.replace('0.350', '0.352'), 0.005) == (stored, [])
    assert reconcile(stored, stored.replace('0.350', '0.360'), 0.005)[1] == [
        'val_active 0.360 differs from the stored 0.350 by more than the tolerance 0.005'
    ]


# -- the plugin, through nbval on a real kernel ---------------------------------
def notebook(tmp_path, printed, stored, own=None):
    """A one-cell notebook that prints `printed`; its stored output `stored`;
    `own`: the cell's own tolerance (its metadata)."""
    cell = nbformat.v4.new_code_cell(f'print({printed!r})')
    if own is not None:
        cell.metadata['d2l_metric_tolerance'] = {'value': own, 'why': 'a test'}
    cell.execution_count = 1
    cell.outputs = [nbformat.v4.new_output('stream', name='stdout', text=stored + '\n')]
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata.kernelspec = {
        'name': 'python3',
        'display_name': 'Python 3',
        'language': 'python',
    }
    path = tmp_path / 'nb.ipynb'
    nbformat.write(nb, path)
    return path


def run_nbval(path, *options):
    return subprocess.run(
        [
            sys.executable,
            '-m',
            'pytest',
            '-q',
            '-p',
            'no:cacheprovider',
            '-p',
            'd2l_build.nbval_metrics.plugin',
            '--nbval',
            str(path),
            *options,
        ],
        capture_output=True,
        text=True,
        cwd=path.parent,
    )


STORED = LINE.strip()


@pytest.mark.parametrize(
    'printed, passes',
    [
        (STORED, True),
        (STORED.replace('0.852', '0.855'), True),
        (STORED.replace('0.852', '0.860'), False),
        (STORED.replace('epoch 10', 'epoch 9'), False),
        ('(256, 784) ' + STORED, False),
    ],
)
def test_plugin_on_a_notebook(tmp_path, printed, passes):
    result = run_nbval(notebook(tmp_path, printed, STORED))
    assert (result.returncode == 0) == passes, result.stdout[-2000:]
    if not passes and '0.860' in printed:
        assert 'val_acc 0.860 differs from the stored 0.852' in result.stdout


def test_plugin_floor_and_tolerance_options(tmp_path):
    path = notebook(tmp_path, STORED, STORED)
    assert run_nbval(path, '--metric-floor', 'val_acc=0.84').returncode == 0
    below = run_nbval(path, '--metric-floor', 'val_acc=0.86')
    assert below.returncode != 0
    assert 'val_acc 0.852 is below the required 0.86' in below.stdout
    path = notebook(tmp_path, STORED.replace('0.852', '0.860'), STORED)
    assert run_nbval(path, '--metric-tolerance', '0.01').returncode == 0
    bad = run_nbval(path, '--metric-tolerance', 'lots')
    assert bad.returncode != 0 and 'use one of machines, colab' in bad.stderr


def test_a_cell_widens_the_tolerance_for_its_own_metrics_only(tmp_path):
    moved = STORED.replace('0.852', '0.860')
    assert run_nbval(notebook(tmp_path, moved, STORED, 0.01)).returncode == 0
    assert run_nbval(notebook(tmp_path, moved, STORED, 0.005)).returncode != 0
    # Never narrower than the run's own tolerance.
    close = STORED.replace('0.852', '0.854')
    assert run_nbval(notebook(tmp_path, close, STORED, 0.0001)).returncode == 0
    # A comment in the code is only code: it widens nothing.
    path = notebook(tmp_path, moved, STORED)
    path.write_text(
        path.read_text().replace('print(', '# metric tolerance: 0.01\\nprint(')
    )
    assert run_nbval(path).returncode != 0

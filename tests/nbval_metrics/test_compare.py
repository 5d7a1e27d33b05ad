"""The metric comparator alone, then the plugin driving nbval on notebooks."""

import subprocess
import sys
from xml.etree import ElementTree

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
# Each case is a cell that prints something, with a stored output and
# possibly a tolerance of its own; cases that need no option of their own
# share one notebook, so one kernel runs them all (nbval judges each cell).
def notebook(path, cells):
    """A notebook of print cells; `cells`: (code, stored, own tolerance)."""
    nb = nbformat.v4.new_notebook()
    for code, stored, own in cells:
        cell = nbformat.v4.new_code_cell(code)
        if own is not None:
            cell.metadata['d2l_metric_tolerance'] = {'value': own, 'why': 'a test'}
        cell.execution_count = 1
        cell.outputs = [
            nbformat.v4.new_output('stream', name='stdout', text=stored + '\n')
        ]
        nb.cells.append(cell)
    nb.metadata.kernelspec = {
        'name': 'python3',
        'display_name': 'Python 3',
        'language': 'python',
    }
    nbformat.write(nb, path)
    return path


def run_nbval(path, *options):
    """(the run, {cell index: its failure report, '' if it passed})."""
    report = path.with_suffix('.xml')
    result = subprocess.run(
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
            f'--junitxml={report}',
            *options,
        ],
        capture_output=True,
        text=True,
        cwd=path.parent,
    )
    cells = {}
    if report.is_file():
        for case in ElementTree.parse(report).getroot().iter('testcase'):
            failure = case.find('failure')
            index = int(case.get('name').split()[-1])
            cells[index] = '' if failure is None else failure.get('message', '')
    return result, cells


STORED = LINE.strip()
MOVED = STORED.replace('0.852', '0.860')
# name: (code, stored output, the cell's own tolerance, passes)
CASES = {
    'the same': (f'print({STORED!r})', STORED, None, True),
    'within the tolerance': (
        f'print({STORED.replace("0.852", "0.855")!r})',
        STORED,
        None,
        True,
    ),
    'beyond it': (f'print({MOVED!r})', STORED, None, False),
    'another epoch': (
        f'print({STORED.replace("epoch 10", "epoch 9")!r})',
        STORED,
        None,
        False,
    ),
    'more text': (f'print({"(256, 784) " + STORED!r})', STORED, None, False),
    'a wider tolerance of its own': (f'print({MOVED!r})', STORED, 0.01, True),
    'its own, still too narrow': (f'print({MOVED!r})', STORED, 0.005, False),
    # Never narrower than the run's own tolerance.
    'its own, narrower than the run': (
        f'print({STORED.replace("0.852", "0.854")!r})',
        STORED,
        0.0001,
        True,
    ),
    # A comment in the code is only code: it widens nothing.
    'a comment claiming one': (
        f'# metric tolerance: 0.01\nprint({MOVED!r})',
        STORED,
        None,
        False,
    ),
}


@pytest.fixture(scope='module')
def judged(tmp_path_factory):
    """{case: its cell's failure report ('' if it passed)}, from one run."""
    path = tmp_path_factory.mktemp('cases') / 'cases.ipynb'
    notebook(path, [case[:3] for case in CASES.values()])
    result, cells = run_nbval(path)
    assert len(cells) == len(CASES), result.stdout[-2000:] + result.stderr[-2000:]
    return dict(zip(CASES, (cells[i] for i in range(len(CASES)))))


@pytest.mark.parametrize('case', list(CASES)[:5])
def test_plugin_on_a_notebook(judged, case):
    passes = CASES[case][3]
    assert (judged[case] == '') == passes, judged[case][-2000:]
    if case == 'beyond it':
        assert 'val_acc 0.860 differs from the stored 0.852' in judged[case]


def test_plugin_floor_and_tolerance_options(tmp_path):
    cells = [CASES['the same'][:3], CASES['beyond it'][:3]]
    path = notebook(tmp_path / 'options.ipynb', cells)
    # A floor it clears, and a tolerance wide enough for the second cell.
    run, judged = run_nbval(
        path, '--metric-floor', 'val_acc=0.84', '--metric-tolerance', '0.01'
    )
    assert run.returncode == 0 and judged == {0: '', 1: ''}, run.stdout[-2000:]
    below, judged = run_nbval(path, '--metric-floor', 'val_acc=0.86')
    assert 'val_acc 0.852 is below the required 0.86' in judged[0]
    bad, _ = run_nbval(path, '--metric-tolerance', 'lots')
    assert bad.returncode != 0 and 'use one of machines, colab' in bad.stderr


@pytest.mark.parametrize('case', list(CASES)[5:])
def test_a_cell_widens_the_tolerance_for_its_own_metrics_only(judged, case):
    assert (judged[case] == '') == CASES[case][3], judged[case][-2000:]

"""d2l_build/bench.py: its arithmetic, its method (warm-up left out, interleaved
rounds, median/min/max) and its command line."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from d2l_build import bench

ROOT = Path(__file__).resolve().parents[2]


def test_a_ten_epoch_fit_of_the_chapters_mlp_is_under_a_teraflop():
    assert bench.forward_flops((784, 256, 10)) == 2 * (784 * 256 + 256 * 10)
    assert 0.5e12 < bench.fit_flops() < 0.8e12


def test_summary_reports_median_min_and_max():
    assert bench.summary([3.0, 1.0, 2.0]) == {
        'median': 2.0,
        'min': 1.0,
        'max': 3.0,
        'runs': 3,
    }


def test_matmul_throughput_is_measured():
    assert bench.matmul_gflops(n=128, repeats=2) > 0


FAKE_CELLS = [
    'log = []\n'
    'class Trainer:\n'
    '    def fit(self, model, data):\n'
    '        log.append("fit")\n'
    '        self.history = [{"val_acc": 0.5}]\n'
    'class MLP: pass\n'
    'data = None',
    'print("noise")',
    'model = MLP()\ntrainer = Trainer()\ntrainer.fit(model, data)',
]


def fake_loop(scope):
    def loop(epochs=10):
        scope['log'].append(f'loop{epochs}')

    return loop


def test_warm_up_is_untimed_and_rounds_interleave(capsys):
    seen = []

    def loop_factory(scope):
        seen.append(scope['log'])
        return fake_loop(scope)

    rows = bench.run_chapter(FAKE_CELLS, loop_factory, rounds=3, name='fake')
    assert capsys.readouterr().out == ''  # the chapter's prints are kept out
    # The notebook's own run warms the fit, one untimed epoch the loop; then
    # the timed rounds alternate loop and fit.
    assert seen[0] == ['fit', 'loop1'] + ['loop10', 'fit'] * 3
    assert len(rows) == 1 and rows[0]['model'] == 'MLP'
    assert rows[0]['fit_s']['runs'] == 3 and rows[0]['compute_only_s']['runs'] == 3
    assert rows[0]['val_acc'] == 0.5


def test_a_notebook_without_a_fit_is_refused():
    with pytest.raises(ValueError, match='no cell calls trainer.fit'):
        bench.run_chapter(['x = 1'], fake_loop, name='empty')


def row(fw, model, fit, loop):
    return {
        'framework': fw,
        'model': model,
        'fit_s': bench.summary(fit),
        'compute_only_s': bench.summary(loop),
        'val_acc': 0.85,
        'matmul_gflops': 185.0,
        'floor_s': 4.0,
    }


def test_table_command_needs_only_the_standard_library(tmp_path):
    rows = [
        row('pytorch', 'MLPScratch', [9, 8, 10], [4, 4.5, 5]),
        row('pytorch', 'MLP', [8, 8, 9], [4, 4.5, 5]),
    ]
    (tmp_path / 'pytorch.json').write_text(json.dumps(rows))
    out = tmp_path / 'bench.json'
    result = subprocess.run(
        [
            sys.executable,
            '-S',
            '-m',
            'd2l_build.bench',
            'table',
            str(tmp_path / 'pytorch.json'),
            '--json',
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert 'fit/loop' in lines[0] and 'floor s' in lines[0] and 'fit/floor' in lines[0]
    assert lines[1].split()[:3] == ['pytorch', 'MLPScratch', '9.0']
    assert '(8.0-10.0)' in lines[1] and '2.00' in lines[1] and '2.2' in lines[1]
    assert 'pytorch 185 GFLOP/s' in result.stdout
    assert json.loads(out.read_text()) == rows


@pytest.mark.parametrize(
    'args, message',
    [
        (['run', '--framework', 'keras'], "unknown framework 'keras'"),
        (['run', '--framework', 'jax', '--rounds', '2'], 'at least 3'),
        (
            ['run', '--framework', 'jax', '--notebook', 'nowhere.ipynb'],
            'does not exist',
        ),
        (['table', 'nowhere.json'], 'no such file'),
    ],
)
def test_bad_arguments_say_what_to_do(args, message):
    result = subprocess.run(
        [sys.executable, '-m', 'd2l_build.bench', *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 2 and message in result.stderr


def installed_frameworks():
    """The frameworks this environment can import (one per framework env)."""
    import importlib.util

    from d2l_local import registry

    return [
        fw.key
        for fw in registry.FRAMEWORKS
        if importlib.util.find_spec(fw.module) is not None
    ]


def test_compute_only_loop_trains_the_chapters_model():
    from d2l_build import chapter

    frameworks = installed_frameworks()
    assert frameworks, 'run this in a framework environment'
    for fw in frameworks:
        scope = chapter.definitions(fw)
        data = scope['d2l'].FashionMNIST(batch_size=256)
        data.train = tuple(a[:1024] for a in data.train)
        scope['data'] = data
        loop = bench.trainer_loop(scope, epochs=1)
        loss = loop()
        # the chapter's class, trained by the library's own step
        assert type(loop.trainer.model) is scope['MLP'], fw
        assert 0 < loss < 2.31, (fw, loss)  # below chance: ln 10

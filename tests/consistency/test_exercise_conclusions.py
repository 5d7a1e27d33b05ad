"""The exercises page's prose states only what every framework's outputs show.

Each conclusion the answers draw is checked here against the stored outputs
of all four per-framework notebooks, so that re-recording them on another
machine or library version cannot silently turn a sentence false. (The
other languages show the same outputs: test_translated_outputs.py.)
"""

import re
from pathlib import Path

import nbformat
import pytest

from d2l_build.nbval_metrics.tolerance import output_compared
from d2l_local import registry

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORKS = registry.framework_keys()


def printed(lang, fw):
    """The text the notebook's compared cells printed, one string."""
    path = ROOT / 'notebooks' / lang / fw / 'mlp-exercises.ipynb'
    nb = nbformat.read(str(path), as_version=4)
    return ''.join(
        o.get('text', '')
        for c in nb.cells
        if c.cell_type == 'code' and output_compared(c.metadata)  # not timings
        for o in c.get('outputs', [])
    )


def results(text, pattern):
    """{key: accuracy} for every line matching `pattern` (two groups)."""
    return {k: float(v) for k, v in re.findall(pattern, text, re.M)}


@pytest.fixture(scope='module', params=FRAMEWORKS)
def out(request):
    return printed('en', request.param)


def test_1_width_256_or_more_beats_narrower_layers(out):
    acc = results(out, r'^width (16|64|256|1024): val_acc ([\d.]+)$')
    assert len(acc) == 4
    assert max(acc['256'], acc['1024']) > max(acc['16'], acc['64'])
    assert round(acc['1024'] - acc['256'], 3) <= 0.022  # "gain at most 0.022"


def test_2_a_second_layer_ends_below_one_on_this_budget(out):
    acc = results(out, r'^hidden layers (\d): val_acc ([\d.]+)$')
    assert acc['2'] < acc['1']


def test_3_one_unit_is_near_chance_and_width_helps(out):
    acc = results(out, r'^width (1|2|4): val_acc ([\d.]+)$')
    assert acc['1'] <= 0.245 and acc['2'] < 0.5
    assert acc['4'] >= 0.451 and acc['4'] > max(acc['1'], acc['2'])  # much better


def test_4_the_best_rate_is_0_3_at_both_lengths_and_10_kills_the_network(out):
    lines = re.findall(
        r'^lr ([\d.]+): epochs 2 val_acc ([\d.]+), epochs 6 val_acc ([\d.]+)$',
        out,
        re.M,
    )
    short = {lr: float(a) for lr, a, _ in lines}
    long = {lr: float(b) for lr, _, b in lines}
    assert max(short, key=short.get) == max(long, key=long.get) == '0.3'
    assert sorted(short, key=short.get) == sorted(long, key=long.get)  # same ranking
    assert short['10.0'] == long['10.0'] == 0.1


def test_5_halving_picks_one_configuration_and_ends_ahead(out):
    random_best = float(
        re.search(r'^random search best: val_acc ([\d.]+)$', out, re.M)[1]
    )
    halving_best = float(
        re.search(r'^successive halving best: val_acc ([\d.]+)$', out, re.M)[1]
    )
    rung2 = results(out, r'^rung 2 (lr [\d.]+, \d x \d+): val_acc ([\d.]+)$')
    assert max(rung2, key=rung2.get) == 'lr 0.079, 1 x 256'
    assert 0 < round(halving_best - random_best, 3) <= 0.012


def test_8_tanh_first_sigmoid_last(out):
    acc = results(out, r'^(relu|sigmoid|tanh|gelu): val_acc ([\d.]+)$')
    order = sorted(acc, key=acc.get)
    assert order[0] == 'sigmoid' and order[-1] == 'tanh'


def test_9_zero_weights_stay_at_chance_and_0_1_is_best(out):
    acc = results(out, r'^init ([\w.]+): val_acc ([\d.]+)$')
    assert acc['zero'] == 0.1
    assert acc['0.001'] < acc['0.01'] < acc['0.1'] > acc['1.0']

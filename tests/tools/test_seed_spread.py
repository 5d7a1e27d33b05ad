"""d2l_build/seed_spread.py: the record of the chapter's runs from other seeds."""

import pytest

from d2l_build import seed_spread


def records():
    accs = {0: (0.80, 0.84), 1: (0.83, 0.85), 2: (0.82, 0.86)}
    runs = [
        {'seed': s, 'val_acc': {'MLPScratch': a, 'MLP': b}}
        for s, (a, b) in accs.items()
    ]
    return [{'framework': 'numpy', 'runs': runs}]


def test_the_record_holds_each_models_range_median_and_every_seed():
    spread = seed_spread.table(records())
    scratch = spread['numpy']['MLPScratch']
    assert (scratch['min'], scratch['median'], scratch['max']) == (0.80, 0.82, 0.83)
    assert scratch['by_seed'] == {'0': 0.80, '1': 0.83, '2': 0.82}
    assert list(spread['numpy']) == ['MLPScratch', 'MLP']  # the chapter's order


def test_the_table_places_the_books_seed_among_the_others():
    text = seed_spread.format_table(seed_spread.table(records()), book_seed=1)
    scratch, concise = text.splitlines()[1:]
    assert scratch.endswith('0.830 (3 of 3)') and concise.endswith('0.850 (2 of 3)')
    assert 'not run' in seed_spread.format_table(seed_spread.table(records()), 7)


def test_a_spread_needs_two_seeds_and_a_known_framework(capsys):
    with pytest.raises(SystemExit):
        seed_spread.main(['run', '--framework', 'jax', '--seeds', '1', '--json', 'x'])
    assert 'a spread needs 2 seeds or more' in capsys.readouterr().err
    with pytest.raises(SystemExit):
        seed_spread.main(['run', '--framework', 'caffe', '--json', 'x'])
    assert "unknown framework 'caffe'" in capsys.readouterr().err

"""pytest plugin: nbval with training metrics compared within a tolerance.

Load it with `-p d2l_build.nbval_metrics.plugin` next to `--nbval`. Options:

* `--metric-tolerance NAME|FLOAT` (default `machines`): how far a metric may
  move, a name from `tolerance.TOLERANCES` or a number;
* `--metric-floor NAME=VALUE` (repeatable): every re-made metric NAME must
  be at least VALUE, e.g. `val_acc=0.84`.

nbval compares each cell's outputs exactly. Before it does, this plugin
replaces each re-made metric that lies within the tolerance of its stored
value by the stored digits; anything else, including the rest of the line,
is left for nbval to compare as it always does.

A cell may widen the tolerance for its own metrics in its metadata
(`tolerance.CELL_KEY`), for a fit measured to move further than the rest;
the wider of the two applies.
"""

import copy

import pytest

from .compare import metric_values, reconcile
from .tolerance import TOLERANCES, cell_tolerance


def pytest_addoption(parser):
    group = parser.getgroup('nbval_metrics')
    group.addoption(
        '--metric-tolerance',
        default='machines',
        help='a name in tolerance.TOLERANCES or a number (default machines)',
    )
    group.addoption(
        '--metric-floor',
        action='append',
        default=[],
        metavar='NAME=VALUE',
        help='a re-made metric must reach at least VALUE',
    )


def parse_tolerance(value):
    if value in TOLERANCES:
        return TOLERANCES[value]
    try:
        tolerance = float(value)
    except ValueError:
        raise pytest.UsageError(
            f'--metric-tolerance {value!r}: use one of '
            f'{", ".join(TOLERANCES)} or a number'
        ) from None
    if not tolerance >= 0:
        raise pytest.UsageError('--metric-tolerance must be >= 0')
    return tolerance


def parse_floors(values):
    floors = {}
    for item in values:
        name, _, number = item.partition('=')
        try:
            floors[name] = float(number)
        except ValueError:
            raise pytest.UsageError(
                f'--metric-floor {item!r}: write NAME=VALUE, e.g. val_acc=0.84'
            ) from None
    return floors


def _texts(output):
    """(container, key) of each text an output carries."""
    if output.get('output_type') == 'stream':
        return [(output, 'text')]
    data = output.get('data', {})
    return [(data, 'text/plain')] if 'text/plain' in data else []


def pytest_configure(config):
    from nbval.plugin import IPyNbCell

    tolerance = parse_tolerance(config.getoption('metric_tolerance'))
    floors = parse_floors(config.getoption('metric_floor'))
    if getattr(IPyNbCell, '_metrics_wrapped', False):
        return
    exact = IPyNbCell.compare_outputs

    def compare_outputs(self, test, ref, skip_compare=None):
        test = copy.deepcopy(test)
        problems = []
        allowed = cell_tolerance(getattr(self.cell, 'metadata', {}), tolerance)

        # Pair outputs of the same kind in order: the n-th stdout stream
        # with the n-th stored one, the n-th text/plain with the n-th.
        def kind(o):
            return (o.get('output_type'), o.get('name'))

        for k in {kind(o) for o in test}:
            mine = [o for o in test if kind(o) == k]
            theirs = [o for o in ref if kind(o) == k]
            for new, old in zip(mine, theirs):
                for (box, key), (old_box, old_key) in zip(_texts(new), _texts(old)):
                    if isinstance(box.get(key), str) and isinstance(
                        old_box.get(old_key), str
                    ):
                        for name, values in metric_values(box[key]).items():
                            floor = floors.get(name)
                            if floor is not None and min(values) < floor:
                                problems.append(
                                    f'{name} {min(values):.3f} is below the '
                                    f'required {floor}'
                                )
                        box[key], found = reconcile(old_box[old_key], box[key], allowed)
                        problems += found
        same = exact(self, test, ref, skip_compare)
        if problems:
            self.comparison_traceback = (
                getattr(self, 'comparison_traceback', []) + problems
            )
            return False
        if not same:
            self.comparison_traceback.append(
                f'(training metrics are compared within {allowed:g}; '
                'everything else exactly)'
            )
        return same

    IPyNbCell.compare_outputs = compare_outputs
    IPyNbCell._metrics_wrapped = True

"""Compare a re-made text output with the stored one, metrics within a tolerance.

A *metric* is a name such as `val_acc` followed by a decimal number
(`val_acc 0.852`, `val_acc=0.852`, `val_acc: 0.852`); besides losses and
accuracies, `val_active` (a hidden layer's share of outputs above zero on the
validation images), which moves with training as they do. Everything else in
a line, including how many decimals each metric has, must match exactly; only
the metric values may differ, each by at most the tolerance.
"""

import re

METRIC_NAMES = r'(?:train|val|test)_(?:loss|acc|active)'
METRIC = re.compile(
    rf'(?P<name>\b{METRIC_NAMES})(?P<sep>[ =:]+)'
    r'(?P<value>-?\d+\.\d+|nan|inf)'
)


def metrics(line):
    """[(name, value string, span of the value)] of one line."""
    return [(m['name'], m['value'], m.span('value')) for m in METRIC.finditer(line)]


def template(line):
    """The line with each metric value replaced by its shape (digits->0)."""
    return METRIC.sub(
        lambda m: m['name'] + m['sep'] + re.sub(r'\d', '0', m['value']), line
    )


def metric_values(text):
    """{name: [float, ...]} over all lines of a text, in order."""
    found = {}
    for line in text.splitlines():
        for name, value, _ in metrics(line):
            found.setdefault(name, []).append(float(value))
    return found


def reconcile(stored, remade, tolerance):
    """Return (text, problems).

    `text` is `remade` with every metric that lies within `tolerance` of the
    stored value replaced by the stored digits, so that an exact comparison
    of `text` with `stored` fails only on what is really different: a line
    of another structure, a missing or extra line, or a metric outside the
    tolerance (listed in `problems`, one sentence each).
    """
    stored_lines = stored.splitlines(keepends=True)
    remade_lines = remade.splitlines(keepends=True)
    if len(stored_lines) != len(remade_lines):
        return remade, []  # the exact comparison reports the line difference
    out, problems = [], []
    for old, new in zip(stored_lines, remade_lines):
        old_metrics, new_metrics = metrics(old), metrics(new)
        if not old_metrics or template(old) != template(new):
            out.append(new)
            continue
        pieces, end = [], 0
        for (name, old_value, _), (_, new_value, span) in zip(old_metrics, new_metrics):
            pieces.append(new[end : span[0]])
            if within(old_value, new_value, tolerance):
                pieces.append(old_value)
            else:
                pieces.append(new_value)
                problems.append(
                    f'{name} {new_value} differs from the stored {old_value} '
                    f'by more than the tolerance {tolerance:g}'
                )
            end = span[1]
        pieces.append(new[end:])
        out.append(''.join(pieces))
    return ''.join(out), problems


def within(old, new, tolerance):
    a, b = float(old), float(new)
    if a != a or b != b:  # nan never matches, not even nan
        return False
    return abs(a - b) <= tolerance + 1e-12

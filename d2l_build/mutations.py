"""`make test-mutations`: does the tolerant comparison still catch real changes?

Each mutation edits the chapter's code the way a careless change would, the
notebook is re-executed in its framework's environment, and its printed
output is compared with the stored one by the same rule nbval applies (text
exact, training metrics within the tolerance). A mutation must be caught.

Usage: python3 -m d2l_build.mutations [--fw pytorch ...]
"""

import argparse
import json
import pathlib
import re
import sys
import tempfile

from d2l_build import frameworks, pages
from d2l_build.machines import ROOT, run
from d2l_build.nbval_metrics.compare import reconcile
from d2l_local import registry

NO_SHUFFLE = (
    'import d2l_local.datamodule as _dm\n'
    '_init = _dm.Batches.__init__\n'
    '_dm.Batches.__init__ = lambda self, *a, **k: _init(\n'
    "    self, *a, **{**k, 'shuffle': False})\n"
)

# name -> [(pattern, replacement)]; every pattern must match somewhere.
MUTATIONS = {
    'learning rate 0.1 -> 0.05': [(r'lr=0\.1\b', 'lr=0.05')],
    'sigma 0.01 -> 1.0': [(r'(sigma(?:: float)? ?= ?)0\.01', r'\g<1>1.0')],
    'ReLU -> identity': [
        (r'(def relu\(X\):\n    return ).*', r'\1X'),
        (r"activation='relu'|nn\.ReLU\(\)|nn\.relu\b", 'IDENTITY'),
    ],
    '9 epochs instead of 10': [(r'max_epochs=10', 'max_epochs=9')],
    'shuffling off': [(r'(?m)^(data = d2l\.FashionMNIST)', NO_SHUFFLE + r'\1')],
    '64 hidden units instead of 256': [(r'num_hiddens=256', 'num_hiddens=64')],
}


def mutate(nb, fw, changes):
    for pattern, replacement in changes:
        replacement = replacement.replace(
            'IDENTITY', frameworks.facts(fw).NO_ACTIVATION
        )
        hits = 0
        for cell in nb['cells']:
            if cell['cell_type'] != 'code':
                continue
            source = ''.join(cell['source'])
            new, n = re.subn(pattern, replacement, source)
            cell['source'], hits = new, hits + n
        if not hits:
            raise SystemExit(
                f'test-mutations: {pattern!r} matches nothing in the {fw} notebook'
            )
    return nb


def printed(nb):
    return ''.join(
        ''.join(o.get('text', ''))
        for c in nb['cells']
        for o in c.get('outputs', [])
        if o.get('output_type') == 'stream'
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--fw', nargs='*', default=list(registry.framework_keys()))
    # The mutations edit the chapter's code: the first page that trains.
    parser.add_argument('--page', default=pages.training_pages()[0])
    args = parser.parse_args()
    tolerance = pages.tolerance(args.page)
    missed = []
    for fw in args.fw:
        path = (
            ROOT / 'notebooks' / registry.source_language() / fw / f'{args.page}.ipynb'
        )
        stored = json.loads(path.read_text())
        for name, changes in MUTATIONS.items():
            nb = mutate(json.loads(path.read_text()), fw, changes)
            with tempfile.TemporaryDirectory() as tmp:
                mutated = pathlib.Path(tmp) / path.name
                mutated.write_text(json.dumps(nb))
                texts = run(fw, mutated, {}, raw=True)
            remade, problems = reconcile(printed(stored), ''.join(texts), tolerance)
            caught = remade != printed(stored)
            if not caught:
                missed.append((fw, name))
            fits = [
                line for line in ''.join(texts).splitlines() if line.startswith('epoch')
            ]
            print(
                f'{fw:<10} {name:<32} {"caught" if caught else "MISSED":<7}'
                f' {" | ".join(fits)}',
                flush=True,
            )
    if missed:
        print(
            f'test-mutations: {len(missed)} mutation(s) pass the comparison',
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())

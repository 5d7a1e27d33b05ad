#!/usr/bin/env python
"""How far the chapter's fits move with the seed, per framework.

    python -m d2l_build.seed_spread run --framework jax --seeds 5 --json _build/seed-spread/jax.json
    python3 -m d2l_build.seed_spread table _build/seed-spread/*.json --json d2l_build/seed_spread.json

`run` (in the framework's environment) executes the chapter's
per-framework notebook once per seed, as a reader who changed the seed
would: every cell but the set-up, with `d2l.seed(seed)` first (the initial
weights) and the data module's shuffling generator seeded the same (the
order of the minibatches). It records each fit's final validation accuracy.

`table` needs only the standard library: it merges the per-framework files
into one record, prints it, and places the book's own seed
(d2l_local.seeds.DEFAULT_SEED) among the others. The record is what the
exercises page quotes (tests/consistency/test_exercise_conclusions.py
holds the prose to it).
"""

import argparse
import json
import statistics
import sys
from pathlib import Path

from d2l_build.bench import code_cells, is_fit_cell, quiet
from d2l_build.chapter import notebook_path


def run(framework, seeds):
    cells = code_cells(notebook_path(framework))
    runs = []
    for seed in range(seeds):
        accs = run_once(framework, cells, seed)
        print(
            f'{framework} seed {seed}: '
            + ', '.join(f'{k} {v:.4f}' for k, v in accs.items()),
            flush=True,
        )
        runs.append({'seed': seed, 'val_acc': accs})
    return {'framework': framework, 'runs': runs}


def run_once(framework, cells, seed):
    """The chapter from `seed`: {model class name: final val_acc}. With the
    book's seed it repeats the notebook's numbers exactly."""
    scope = {'__name__': f'__seed_{seed}__'}
    accs, d2l, dataset = {}, None, None
    try:
        with quiet():
            for n, source in enumerate(cells):
                exec(compile(source, f'{framework}:cell{n}', 'exec'), scope)
                if d2l is None and 'd2l' in scope:
                    # After the imports, as the library seeds itself when
                    # imported; the data module gets the same seed.
                    d2l, dataset = scope['d2l'], scope['d2l'].FashionMNIST

                    class Seeded(dataset):
                        def __init__(self, *args, **kwargs):
                            kwargs.setdefault('seed', seed)
                            super().__init__(*args, **kwargs)

                    d2l.FashionMNIST = Seeded
                    d2l.seed(seed)
                if is_fit_cell(source):
                    name = type(scope['model']).__name__
                    accs[name] = scope['trainer'].history[-1]['val_acc']
    finally:
        if d2l is not None:
            d2l.FashionMNIST = dataset
    return accs


def table(records):
    """{framework: {model: {min, median, max, seeds, by_seed}}}."""
    out = {}
    for record in records:
        models = {}
        for run in record['runs']:
            for model, acc in run['val_acc'].items():
                models.setdefault(model, {})[run['seed']] = round(acc, 4)
        out[record['framework']] = {
            model: {
                'min': min(accs.values()),
                'median': statistics.median(accs.values()),
                'max': max(accs.values()),
                'by_seed': {str(s): a for s, a in sorted(accs.items())},
            }
            for model, accs in models.items()
        }
    return out


def format_table(spread, book_seed):
    lines = [
        f'{"framework":<11}{"model":<11}{"min":>7}{"median":>8}{"max":>7}  seed {book_seed}'
    ]
    for fw, models in spread.items():
        for model, s in models.items():
            mine = s['by_seed'].get(str(book_seed))
            rank = (
                f'{mine:.3f} ({sorted(s["by_seed"].values()).index(mine) + 1} of {len(s["by_seed"])})'
                if mine is not None
                else 'not run'
            )
            lines.append(
                f'{fw:<11}{model:<11}{s["min"]:>7.3f}{s["median"]:>8.3f}{s["max"]:>7.3f}  {rank}'
            )
    return '\n'.join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    sub = parser.add_subparsers(dest='command', required=True)
    r = sub.add_parser('run', help='the chapter once per seed, in this environment')
    r.add_argument('--framework', required=True)
    r.add_argument('--seeds', type=int, default=5, help='seeds 0 to N-1 (default 5)')
    r.add_argument('--json', type=Path, required=True)
    t = sub.add_parser('table', help='merge the per-framework files')
    t.add_argument('files', nargs='+', type=Path)
    t.add_argument('--json', type=Path)
    args = parser.parse_args(argv)
    if args.command == 'run':
        if args.seeds < 2:
            parser.error(f'--seeds {args.seeds}: a spread needs 2 seeds or more')
        from d2l_local import registry

        try:
            registry.framework(args.framework)
        except LookupError as err:
            parser.error(str(err))
        record = run(args.framework, args.seeds)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(record, indent=1) + '\n', encoding='utf-8')
        return 0
    from d2l_local.seeds import DEFAULT_SEED

    spread = table(json.loads(f.read_text(encoding='utf-8')) for f in args.files)
    print(format_table(spread, DEFAULT_SEED))
    if args.json:
        args.json.write_text(json.dumps(spread, indent=1) + '\n', encoding='utf-8')
    return 0


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env python
"""Time the chapter's fits against the compute they cannot avoid.

    python -m d2l_build.bench run --framework pytorch --json _build/bench/pytorch.json
    python3 -m d2l_build.bench table _build/bench/*.json --json _build/bench/bench.json

`run` (in the framework's environment) executes the chapter's per-framework
notebook cell by cell, as Jupyter would, without replacing anything in the
library. Each cell that calls `trainer.fit` is then timed again as it
stands, together with two references:

* compute-only loop: the same model class (the chapter's `MLP`) and the
  same training step (`Trainer.train_step`) over the training set already
  cut into tensors: no shuffling, no conversion, no validation, no plot;
* hardware floor: the fit's floating-point work divided by the float32
  matrix-multiplication throughput measured in this process.

Warm-up is excluded from both timings (the notebook's own run warms the
fits; one untimed epoch warms the loop), and the fits and the loop are
timed in interleaved rounds, so that a slow spell of a shared machine
hits all of them alike. Each reports median, min and max over the rounds.
A fit cell is timed as it stands, so where it compiles its training step
(JAX, TensorFlow: a new model, a new step) that compilation is part of
the fit; the loop compiles once, in its warm-up.

`table` needs only the standard library: it merges the per-framework files
and prints one table.
"""

import argparse
import contextlib
import io
import json
import statistics
import sys
import time
from pathlib import Path

from d2l_build.checkout import ROOT
from d2l_build.pages import contract_page

PAGE = contract_page()
# What the chapter trains; its FLOPs give the floor.
LAYERS = (784, 256, 10)
TRAIN, VAL, EPOCHS, BATCH = 60000, 10000, 10, 256


# -- arithmetic -----------------------------------------------------------------
def forward_flops(layers=LAYERS):
    """Multiply-adds of one example through the dense layers, as FLOPs."""
    return sum(2 * a * b for a, b in zip(layers, layers[1:]))


def fit_flops(layers=LAYERS, train=TRAIN, val=VAL, epochs=EPOCHS):
    """FLOPs of a fit: forward + backward (twice the forward: the gradients
    of weights and of activations) per training example, forward only for
    validation. Elementwise work (ReLU, softmax, bias) is left out: it is
    a rounding error next to the matrix products."""
    per_epoch = 3 * forward_flops(layers) * train + forward_flops(layers) * val
    return per_epoch * epochs


def summary(times):
    """Median, min and max of a list of seconds."""
    return {
        'median': statistics.median(times),
        'min': min(times),
        'max': max(times),
        'runs': len(times),
    }


def matmul_gflops(n=2048, repeats=5):
    """Float32 matrix-multiplication throughput of this process, in GFLOP/s
    (best of `repeats`, after one warm-up product)."""
    import numpy as np

    rng = np.random.default_rng(0)
    a = rng.random((n, n), dtype=np.float32)
    b = rng.random((n, n), dtype=np.float32)
    a @ b
    best = float('inf')
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * n**3 / best / 1e9


# -- the chapter's cells --------------------------------------------------------
def code_cells(notebook):
    """The code cells of a per-framework notebook, set-up cell excluded."""
    cells = json.loads(Path(notebook).read_text(encoding='utf-8'))['cells']
    return [
        ''.join(c['source'])
        for c in cells
        if c['cell_type'] == 'code' and not c['metadata'].get('d2l_setup')
    ]


def is_fit_cell(source):
    return 'trainer.fit(' in source


@contextlib.contextmanager
def quiet():
    # The chapter's own prints (shapes, summaries) are not part of the table.
    with contextlib.redirect_stdout(io.StringIO()):
        yield


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run_chapter(cells, compute_only, rounds=3, name='chapter'):
    """Execute `cells`, then time each fit cell and `compute_only(scope)`
    in `rounds` interleaved rounds. Returns the rows of the table."""
    scope = {'__name__': f'__{name}__'}
    fits = []
    with quiet():
        for n, source in enumerate(cells):
            code = compile(source, f'{name}:cell{n}', 'exec')
            exec(code, scope)  # the notebook's run; warms up every fit
            if is_fit_cell(source):
                fits.append((code, type(scope['model']).__name__))
    if not fits:
        raise ValueError(f'{name}: no cell calls trainer.fit')
    loop = compute_only(scope)
    loop(epochs=1)  # warm-up, untimed
    fit_times = [[] for _ in fits]
    loop_times, accuracy = [], {}
    for _ in range(rounds):
        loop_times.append(timed(loop))
        for k, (code, _) in enumerate(fits):
            with quiet():
                fit_times[k].append(timed(lambda code=code: exec(code, scope)))
            accuracy[k] = scope['trainer'].history[-1]['val_acc']
    return [
        {
            'model': model,
            'fit_s': summary(fit_times[k]),
            'compute_only_s': summary(loop_times),
            'val_acc': accuracy[k],
        }
        for k, (_, model) in enumerate(fits)
    ]


def trainer_loop(scope, epochs=EPOCHS):
    """The compute-only loop: the chapter's `MLP` trained by the library's
    own step on batches converted beforehand."""
    d2l, data = scope['d2l'], scope['data']
    X, y = data.train
    batches = [
        (data.to_tensor(X[i : i + BATCH]), data.to_tensor(y[i : i + BATCH]))
        for i in range(0, len(X), BATCH)
    ]

    # Built once: a compiled step (JAX, TensorFlow) is compiled in the
    # warm-up, not in every timed run; each run trains on from where the
    # previous one stopped, which costs the same.
    model = scope['MLP'](num_outputs=LAYERS[-1], num_hiddens=LAYERS[1], lr=0.1)
    trainer = d2l.Trainer(max_epochs=epochs)
    trainer.model = model
    trainer.prepare_model(model, batches[0][0])

    def loop(epochs=epochs):
        for _ in range(epochs):
            for Xb, yb in batches:
                loss = trainer.train_step(Xb, yb)
        # Asynchronous frameworks (JAX, MXNet, TensorFlow) finish here.
        return trainer.to_float(loss)

    loop.trainer = trainer
    return loop


def run(framework, notebook, rounds):
    cells = code_cells(notebook)
    rows = run_chapter(
        cells, trainer_loop, rounds=rounds, name=f'{framework}:{notebook.name}'
    )
    gflops = matmul_gflops()
    floor = fit_flops() / (gflops * 1e9)
    for row in rows:
        row.update(framework=framework, matmul_gflops=gflops, floor_s=floor)
    return rows


# -- the table ------------------------------------------------------------------
def _spread(s):
    return f'{s["median"]:6.1f} ({s["min"]:.1f}-{s["max"]:.1f})'


def format_table(rows):
    head = (
        f'{"framework":<11}{"model":<11}{"fit s (min-max)":>20}'
        f'{"loop s (min-max)":>20}{"fit/loop":>9}{"floor s":>8}'
        f'{"fit/floor":>10}{"val_acc":>8}'
    )
    lines = [head]
    for r in rows:
        fit, loop = r['fit_s']['median'], r['compute_only_s']['median']
        lines.append(
            f'{r["framework"]:<11}{r["model"]:<11}{_spread(r["fit_s"]):>20}'
            f'{_spread(r["compute_only_s"]):>20}{fit / loop:>9.2f}'
            f'{r["floor_s"]:>8.1f}{fit / r["floor_s"]:>10.1f}{r["val_acc"]:>8.3f}'
        )
    if rows:
        rates = {r['framework']: f'{r["matmul_gflops"]:.0f}' for r in rows}
        lines.append(
            f'floor: {fit_flops() / 1e12:.2f} TFLOP per fit '
            f'({"-".join(map(str, LAYERS))}, {EPOCHS} epochs) at the float32 '
            f'matmul rate measured in each run '
            f'({", ".join(f"{fw} {g}" for fw, g in rates.items())} GFLOP/s); '
            f'median of {rows[0]["fit_s"]["runs"]} interleaved runs after warm-up'
        )
    return '\n'.join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    sub = parser.add_subparsers(dest='command', required=True)
    one = sub.add_parser('run', help='time one framework (in its environment)')
    one.add_argument('--framework', required=True)
    one.add_argument(
        '--notebook',
        type=Path,
        help=f'default: notebooks/en/<framework>/{PAGE}.ipynb',
    )
    one.add_argument('--rounds', type=int, default=3, help='timed runs (>= 3)')
    one.add_argument('--json', type=Path, help='write the rows to this file')
    table = sub.add_parser('table', help='merge per-framework files, print')
    table.add_argument('files', nargs='+', type=Path)
    table.add_argument('--json', type=Path, help='write all rows to this file')
    args = parser.parse_args(argv)

    if args.command == 'table':
        missing = [str(f) for f in args.files if not f.is_file()]
        if missing:
            parser.error(f'no such file: {", ".join(missing)}; run `bench run` first')
        rows = [r for f in args.files for r in json.loads(f.read_text())]
        print(format_table(rows))
        if args.json:
            args.json.write_text(json.dumps(rows, indent=1) + '\n')
            print(f'written to {args.json}')
        return 0

    from d2l_local import registry

    try:
        framework = registry.framework(args.framework).key
    except LookupError as err:
        parser.error(str(err))
    if args.rounds < 3:
        parser.error('--rounds must be at least 3: a median of fewer says little')
    notebook = (
        args.notebook
        or ROOT / 'notebooks' / registry.source_language() / framework / f'{PAGE}.ipynb'
    )
    if not notebook.is_file():
        parser.error(f'{notebook} does not exist: run `make notebooks FW={framework}`')
    rows = run(framework, notebook, args.rounds)
    print(format_table(rows))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=1) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())

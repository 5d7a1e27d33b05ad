"""Benchmark: the chapter's fits against a bare compute-only training loop.

    python -m d2l_local.bench --framework pytorch [--json out.json]

In one process it runs (1) a compute-only loop of the framework on the same
MLP (784-256-10, batch 256, SGD at lr 0.1, 10 epochs, the whole training set
already one tensor in memory, no shuffling, no validation, no logging), then
(2) the chapter's own code, taken from the framework's notebook, timing each
`trainer.fit`. The ratio fit / loop is the cost of everything a real fit adds:
shuffling, conversion of batches, validation, metrics, the progress board.
"""
import argparse
import json
import pathlib
import sys
import time

import numpy as np

EPOCHS, BATCH, LR, HIDDEN = 10, 256, 0.1, 256


def _torch_loop(X, y):
    import torch
    from torch import nn
    from torch.nn import functional as F
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, HIDDEN), nn.ReLU(),
                        nn.Linear(HIDDEN, 10))
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    X, y = torch.from_numpy(X), torch.from_numpy(y).long()
    for _ in range(EPOCHS):
        for i in range(0, len(X), BATCH):
            loss = F.cross_entropy(net(X[i:i + BATCH]), y[i:i + BATCH])
            opt.zero_grad()
            loss.backward()
            opt.step()
    return loss.item()


def _tensorflow_loop(X, y):
    import tensorflow as tf
    net = tf.keras.Sequential([tf.keras.layers.Flatten(),
                               tf.keras.layers.Dense(HIDDEN, activation='relu'),
                               tf.keras.layers.Dense(10)])
    X, y = tf.constant(X.transpose(0, 2, 3, 1)), tf.constant(y)
    net(X[:1])
    params = net.trainable_variables

    @tf.function(reduce_retracing=True)
    def step(Xb, yb):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(yb, net(Xb)))
        for p, g in zip(params, tape.gradient(loss, params)):
            p.assign_sub(LR * g)
        return loss

    for _ in range(EPOCHS):
        for i in range(0, len(X), BATCH):
            loss = step(X[i:i + BATCH], y[i:i + BATCH])
    return float(loss)


def _mxnet_loop(X, y):
    from mxnet import autograd, gluon, np, npx
    npx.set_np()
    net = gluon.nn.Sequential()
    net.add(gluon.nn.Dense(HIDDEN, activation='relu'), gluon.nn.Dense(10))
    net.initialize()
    X, y = np.array(X), np.array(y, dtype=y.dtype)
    net(X[:1])
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': LR})
    for _ in range(EPOCHS):
        for i in range(0, len(X), BATCH):
            with autograd.record():
                loss = -npx.pick(npx.log_softmax(net(X[i:i + BATCH])),
                                 y[i:i + BATCH]).mean()
            loss.backward()
            trainer.step(1)
    return float(loss)


def _jax_loop(X, y):
    import jax
    import optax
    from flax import linen as nn
    from jax import numpy as jnp

    class Net(nn.Module):
        @nn.compact
        def __call__(self, X):
            X = X.reshape((X.shape[0], -1))
            return nn.Dense(10)(nn.relu(nn.Dense(HIDDEN)(X)))

    net, tx = Net(), optax.sgd(LR)
    X, y = jnp.asarray(X.transpose(0, 2, 3, 1)), jnp.asarray(y)
    params = net.init(jax.random.PRNGKey(0), X[:1])['params']
    opt_state = tx.init(params)

    def loss_fn(params, Xb, yb):
        return optax.softmax_cross_entropy_with_integer_labels(
            net.apply({'params': params}, Xb), yb).mean()

    @jax.jit
    def step(params, opt_state, Xb, yb):
        loss, grads = jax.value_and_grad(loss_fn)(params, Xb, yb)
        updates, opt_state = tx.update(grads, opt_state)
        return optax.apply_updates(params, updates), opt_state, loss

    for _ in range(EPOCHS):
        for i in range(0, len(X), BATCH):
            params, opt_state, loss = step(params, opt_state,
                                           X[i:i + BATCH], y[i:i + BATCH])
    return float(loss)


LOOPS = {'pytorch': _torch_loop, 'tensorflow': _tensorflow_loop,
         'mxnet': _mxnet_loop, 'jax': _jax_loop}


def compute_only(framework):
    """Seconds for EPOCHS epochs of the bare loop (data prepared beforehand)."""
    from .data import load_fashion_mnist
    arrays = load_fashion_mnist()
    X = (arrays.train_images.astype(np.float32) / 255)[:, None]
    y = arrays.train_labels.astype(np.int32)
    start = time.perf_counter()
    LOOPS[framework](X, y)
    return time.perf_counter() - start


def chapter_fits(framework, notebook):
    """Run the chapter's code cells; time each `trainer.fit` it makes."""
    import nbformat
    from . import load
    Trainer = load(framework).Trainer
    fits, original = [], Trainer.fit

    def timed_fit(self, model, data):
        start = time.perf_counter()
        original(self, model, data)
        fits.append({'model': type(model).__name__,
                     'fit_s': time.perf_counter() - start,
                     'val_acc': self.history[-1]['val_acc']})

    Trainer.fit = timed_fit
    try:
        nb = nbformat.read(notebook, as_version=4)
        scope = {'__name__': '__chapter__'}
        for cell in nb.cells:
            if cell.cell_type == 'code' and not cell.metadata.get('d2l_setup'):
                exec(compile(cell.source, f'{notebook}', 'exec'), scope)
    finally:
        Trainer.fit = original
    return fits


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--framework', required=True, choices=sorted(LOOPS))
    parser.add_argument('--notebook', help='the chapter notebook to time '
                        '(default: notebooks/en/<framework>/'
                        'mlp-implementation.ipynb)')
    parser.add_argument('--json', help='write the rows to this file')
    args = parser.parse_args(argv)
    notebook = pathlib.Path(args.notebook or
                            f'notebooks/en/{args.framework}/'
                            'mlp-implementation.ipynb')
    if not notebook.exists():
        parser.error(f'{notebook} does not exist: run `make notebooks` first '
                     'or pass --notebook')
    loop_s = compute_only(args.framework)
    rows = []
    for fit in chapter_fits(args.framework, notebook):
        rows.append({'framework': args.framework, 'model': fit['model'],
                     'fit_s': round(fit['fit_s'], 2),
                     'compute_only_s': round(loop_s, 2),
                     'ratio': round(fit['fit_s'] / loop_s, 3),
                     'val_acc': round(fit['val_acc'], 4)})
    print_table(rows)
    if args.json:
        pathlib.Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        pathlib.Path(args.json).write_text(json.dumps(rows, indent=1) + '\n')
    return 0


def print_table(rows, file=sys.stdout):
    print(f"{'framework':<11}{'model':<11}{'fit s':>8}{'loop s':>8}"
          f"{'ratio':>7}{'val_acc':>9}", file=file)
    for r in rows:
        print(f"{r['framework']:<11}{r['model']:<11}{r['fit_s']:>8.1f}"
              f"{r['compute_only_s']:>8.1f}{r['ratio']:>7.2f}"
              f"{r['val_acc']:>9.3f}", file=file)


if __name__ == '__main__':
    sys.exit(main())

"""Does this JAX reuse stale dot operands? numpy and JAX only, no d2l_local.

Two checks, both on the CPU:

1. The cause. A jitted `x @ w` runs on an array `w`; `w` is freed; new
   arrays of the same shape are made until one lands at the freed address;
   the same dot on it is compared with numpy. A release whose XLA:CPU hands
   this dot to XNNPACK with a packed-weights cache keyed by address returns
   the old array's product.
2. The symptom. The chapter's 784-256-10 MLP is fitted several times on
   the first 12,000 Fashion-MNIST training images, same seed each time, and
   the histories (per-epoch train loss, validation accuracy, a digest of the
   weights) are compared.

It ends with "repeatable" (exit 0) or "not repeatable" (exit 1). Run it as
it is to see a release's behaviour, with XLA_FLAGS=--xla_cpu_use_xnnpack=false
to see the remedy d2l_local applies (d2l_local/xla_dot_guard.py). The
symptom depends on timing: load the other cores (a busy loop) to see it
sooner.

Usage: python -m d2l_build.xla_stale_dot [--fits 3] [--epochs 6] [--data DIR]
(--fits 0: the first check only.)
"""

import argparse
import gzip
import hashlib
import os
import pathlib

import jax
import numpy as np
from jax import numpy as jnp

SHAPE_X, SHAPE_W = (256, 784), (784, 256)  # big enough for XNNPACK


def stale_dots(reuses=3, trials=200, seed=0):
    """(times a freed operand's address was reused, times the result was stale),
    trying until `reuses` reuses were seen or `trials` trials were made."""
    dot = jax.jit(lambda x, w: x @ w)
    rng = np.random.default_rng(seed)

    def new_w():  # an array XLA allocated, as a step's output is
        return jnp.asarray(rng.standard_normal(SHAPE_W, dtype=np.float32)) * 1.0

    x = jnp.asarray(rng.standard_normal(SHAPE_X, dtype=np.float32))
    reused = stale = 0
    for _ in range(trials):
        if reused == reuses:
            break
        w = new_w()
        address = w.unsafe_buffer_pointer()
        dot(x, w).block_until_ready()
        del w
        parked = []  # keep the misses, so the allocator moves on
        for _ in range(100):
            w = new_w()
            if w.unsafe_buffer_pointer() == address:
                break
            parked.append(w)
        else:
            continue
        reused += 1
        want = np.asarray(x) @ np.asarray(w)
        stale += bool(np.abs(np.asarray(dot(x, w)) - want).max() > 1e-2)
    return reused, stale


def read_idx(path):
    with gzip.open(path, 'rb') as f:
        raw = f.read()
    ndim = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], 'big') for i in range(ndim)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(shape)


def load(folder, n_train=12000):
    def images(name, n=None):
        X = read_idx(folder / f'{name}-images-idx3-ubyte.gz')[:n]
        return X.reshape(len(X), -1).astype(np.float32) / 255

    def labels(name, n=None):
        return read_idx(folder / f'{name}-labels-idx1-ubyte.gz')[:n].astype(np.int32)

    return (images('train', n_train), labels('train', n_train)), (
        images('t10k'),
        labels('t10k'),
    )


def losses(p, X, y):
    z = jnp.maximum(X @ p['W1'] + p['b1'], 0) @ p['W2'] + p['b2']
    picked = jnp.take_along_axis(z, y[:, None], axis=1)[:, 0]
    return jax.nn.logsumexp(z, axis=1) - picked, z


def fit(train, val, epochs, lr=0.3, batch=256):
    """One seeded fit; its history as (train loss, val accuracy, weights digest)."""

    @jax.jit
    def step(p, X, y):
        def mean_loss(p):
            return losses(p, X, y)[0].mean()

        loss, grads = jax.value_and_grad(mean_loss)(p)
        return jax.tree.map(lambda w, g: w - lr * g, p, grads), loss

    @jax.jit
    def correct(p, X, y):
        return (losses(p, X, y)[1].argmax(axis=1) == y).sum()

    k1, k2 = jax.random.split(jax.random.PRNGKey(0))
    p = {
        'W1': jax.random.normal(k1, (784, 256)) * 0.01,
        'b1': jnp.zeros(256),
        'W2': jax.random.normal(k2, (256, 10)) * 0.01,
        'b2': jnp.zeros(10),
    }
    rng, (X, y), (Xv, yv) = np.random.default_rng(0), train, val
    history = []
    for _ in range(epochs):
        order, step_losses = rng.permutation(len(X)), []
        for start in range(0, len(X), batch):
            i = np.sort(order[start : start + batch])
            p, loss = step(p, jnp.array(X[i]), jnp.array(y[i]))
            step_losses.append(loss)
        hits = sum(
            int(correct(p, jnp.array(Xv[s : s + batch]), jnp.array(yv[s : s + batch])))
            for s in range(0, len(Xv), batch)
        )
        digest = hashlib.sha256(b''.join(np.asarray(p[k]).tobytes() for k in sorted(p)))
        history.append(
            (float(np.mean(step_losses)), hits / len(Xv), digest.hexdigest()[:12])
        )
    return history


def main():
    default = pathlib.Path(
        os.environ.get('D2L_DATA_DIR', pathlib.Path.home() / '.cache' / 'd2l_local')
    )
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--fits', type=int, default=3)
    parser.add_argument('--epochs', type=int, default=6)
    parser.add_argument('--data', type=pathlib.Path, default=default / 'fashion-mnist')
    args = parser.parse_args()
    print(f'jax {jax.__version__}; XLA_FLAGS={os.environ.get("XLA_FLAGS", "")!r}')
    reused, stale = stale_dots()
    print(f'cause: {stale} stale dot results in {reused} reuses of a freed address')
    histories = []
    if args.fits and not args.data.is_dir():
        raise SystemExit(f'no Fashion-MNIST in {args.data}: pass --data DIR')
    train, val = load(args.data) if args.fits else (None, None)
    for k in range(args.fits):
        histories.append(fit(train, val, args.epochs))
        accs = ' '.join(f'{acc:.4f}' for _, acc, _ in histories[-1])
        print(f'fit {k + 1}: val_acc {accs}', flush=True)
    same = all(h == histories[0] for h in histories) and not stale
    print('repeatable' if same else 'not repeatable')
    return 0 if same else 1


if __name__ == '__main__':
    raise SystemExit(main())

"""The MLP in plain numpy: the yardstick every framework is held to."""

import numpy as np


def make_weights(num_inputs=784, num_hiddens=256, num_outputs=10, seed=1):
    rng = np.random.default_rng(seed)
    return {
        'W1': rng.normal(0, 0.1, (num_inputs, num_hiddens)).astype(np.float32),
        'b1': rng.normal(0, 0.1, num_hiddens).astype(np.float32),
        'W2': rng.normal(0, 0.1, (num_hiddens, num_outputs)).astype(np.float32),
        'b2': rng.normal(0, 0.1, num_outputs).astype(np.float32),
    }


def make_batch(n=16, num_inputs=784, num_outputs=10, seed=2):
    rng = np.random.default_rng(seed)
    X = rng.random((n, num_inputs), dtype=np.float32)
    y = rng.integers(0, num_outputs, n).astype(np.int32)
    return X, y


def forward(w, X):
    X = X.reshape(len(X), -1).astype(np.float64)
    H_pre = X @ w['W1'] + w['b1']
    H = np.maximum(H_pre, 0)
    return H @ w['W2'] + w['b2'], (X, H_pre, H)


def cross_entropy(logits, y):
    """Per-example cross-entropy of integer labels, from logits."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -log_probs[np.arange(len(y)), y]


def accuracy(logits, y):
    return float((logits.argmax(axis=1) == y).mean())


def loss_and_grads(w, X, y):
    """Mean cross-entropy and its gradients, by the chain rule written out."""
    logits, (X2, H_pre, H) = forward(w, X)
    n = len(y)
    shifted = logits - logits.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    dlogits = probs
    dlogits[np.arange(n), y] -= 1
    dlogits /= n
    dH = dlogits @ w['W2'].T
    dH_pre = dH * (H_pre > 0)
    grads = {
        'W2': H.T @ dlogits,
        'b2': dlogits.sum(0),
        'W1': X2.T @ dH_pre,
        'b1': dH_pre.sum(0),
    }
    return float(cross_entropy(logits, y).mean()), grads

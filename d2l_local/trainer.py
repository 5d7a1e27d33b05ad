"""The framework-independent part of `Trainer`: epochs, validation, logging.

A framework's `Trainer` subclass fills four hooks:

* `prepare_model(model, X)`: build parameters (from a first batch) and the
  optimizer, compile what it can;
* `train_step(X, y)`: one optimisation step on the loss that
  `model.training_step` returns, its gradients first scaled down to a
  global norm of at most `gradient_clip_val` when that is > 0; returns the
  loss as a framework scalar (not converted, so nothing waits for it);
* `eval_step(X, y)`: `model.validation_step`, (summed loss, number correct);
* `to_float(x)`: turn a framework scalar into a Python float.
"""

import numpy as np

from .board import ProgressBoard
from .checks import (
    check_clip_value,
    check_finite_loss,
    check_input_features,
    check_positive_int,
)
from .hyperparameters import HyperParameters

# Points drawn per epoch for the training loss curve.
TRAIN_POINTS_PER_EPOCH = 4


class Trainer(HyperParameters):
    """Fits a model to a data module for `max_epochs` passes over the data.

    `quiet=True` draws no progress board and prints no summary line, for
    code that fits many models and shows their `history` its own way.
    """

    def __init__(self, max_epochs, num_gpus=0, gradient_clip_val=0, quiet=False):
        self.save_hyperparameters()
        check_positive_int('max_epochs', max_epochs)
        if num_gpus:
            raise ValueError(
                'd2l_local trains on the CPU only; use num_gpus=0 (the default).'
            )
        check_clip_value(gradient_clip_val)
        if not isinstance(quiet, bool):
            raise ValueError(f'quiet must be True or False, not {quiet!r}.')

    # -- hooks filled by each framework -------------------------------------
    def prepare_model(self, model, X):
        raise NotImplementedError

    def train_step(self, X, y):
        raise NotImplementedError

    def eval_step(self, X, y):
        raise NotImplementedError

    @staticmethod
    def to_float(x):
        return float(x)

    # -- the loop ------------------------------------------------------------
    def fit(self, model, data):
        """Train `model` on `data` and print the last epoch's metrics.

        Returns nothing, so that a notebook cell ending in `fit` shows only
        the curves and the summary line; the metrics of every epoch are in
        `self.history`. A quiet trainer shows neither.
        """
        self.model, self.data = model, data
        self.train_dataloader = data.train_dataloader()
        self.val_dataloader = data.val_dataloader()
        X, y = next(iter(data.val_dataloader()))
        if getattr(model, 'num_inputs', None):
            check_input_features(X.shape, model.num_inputs)
        self.prepare_model(model, X)
        # A quiet fit renders no figure at all: a hidden one would still cost
        # a PNG per epoch.
        self.board = ProgressBoard(
            xlim=(0, self.max_epochs), display=False if self.quiet else None
        )
        self.history = []
        for epoch in range(1, self.max_epochs + 1):
            self.epoch = epoch
            metrics = self.fit_epoch()
            self.history.append(metrics)
            self.board.show()
        if not self.quiet:
            print(self.summary())

    def fit_epoch(self):
        losses = [self.train_step(X, y) for X, y in self.train_dataloader]
        # Convert once per epoch: a float() per batch would make JAX, MXNet
        # and TensorFlow wait for every step instead of queuing the next.
        losses = np.array([self.to_float(loss) for loss in losses])
        train_loss = float(losses.mean())
        check_finite_loss(
            train_loss, self.epoch, getattr(self.model, 'lr', float('nan'))
        )
        for k, chunk in enumerate(np.array_split(losses, TRAIN_POINTS_PER_EPOCH)):
            x = self.epoch - 1 + (k + 1) / TRAIN_POINTS_PER_EPOCH
            self.board.draw(x, chunk.mean(), 'train_loss')
        val_loss, val_acc = self.validate()
        self.board.draw(self.epoch, val_loss, 'val_loss')
        self.board.draw(self.epoch, val_acc, 'val_acc')
        return {
            'epoch': self.epoch,
            'train_loss': train_loss,
            'val_loss': val_loss,
            'val_acc': val_acc,
        }

    def validate(self):
        sums, n = [], 0
        for X, y in self.val_dataloader:
            sums.append(self.eval_step(X, y))
            n += int(y.shape[0])
        loss = sum(self.to_float(s) for s, _ in sums) / n
        acc = sum(self.to_float(c) for _, c in sums) / n
        return loss, acc

    def summary(self):
        """One line with the last epoch's metrics, rounded to 3 decimals."""
        m = self.history[-1]
        return (
            f'epoch {m["epoch"]}: train_loss {m["train_loss"]:.3f}, '
            f'val_loss {m["val_loss"]:.3f}, val_acc {m["val_acc"]:.3f}'
        )

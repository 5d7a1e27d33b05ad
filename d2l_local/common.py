"""What the four framework flavours share: their public names and `seed`."""

import numpy as np

from .seeds import DEFAULT_SEED

# The names every flavour exports (`from d2l_local import torch as d2l`).
API = (
    'Module',
    'Classifier',
    'FashionMNIST',
    'Trainer',
    'ProgressBoard',
    'HyperParameters',
    'add_to_class',
    'seed',
    'reshape',
    'matmul',
    'argmax',
    'astype',
)


def make_seed(seed_framework, framework_name):
    """A `seed(value)` that seeds numpy and, through `seed_framework`, the
    framework, so that a run repeats its numbers exactly."""

    def seed(value=DEFAULT_SEED):
        np.random.seed(value)
        seed_framework(value)

    seed.__doc__ = (
        f'Seed numpy and {framework_name} (default {DEFAULT_SEED}) so that '
        'a run repeats its numbers exactly.'
    )
    return seed


class NetForward:
    """Mixin: `forward` runs `self.net`, for models built from layers.

    Listed before the framework's base class so that it replaces the
    base's "not implemented" forward; a model's own forward still wins.
    """

    def forward(self, X):
        if not hasattr(self, 'net'):
            raise NotImplementedError(
                f'{type(self).__name__} needs a forward method or a self.net'
            )
        return self.net(X)


class EagerSteps:
    """d2l's `training_step` and `validation_step` for frameworks whose
    models are called directly on a batch (MXNet, PyTorch)."""

    def training_step(self, batch):
        """The loss the trainer differentiates."""
        return self.loss(self(*batch[:-1]), batch[-1])

    def validation_step(self, batch):
        """Summed loss and number of correct predictions of a batch."""
        Y_hat = self(*batch[:-1])
        Y = batch[-1]
        return (
            self.loss(Y_hat, Y, averaged=False).sum(),
            self.accuracy(Y_hat, Y, averaged=False).sum(),
        )


def astype(x, dtype):
    """`x` converted to `dtype` (the array's own `astype` method)."""
    return x.astype(dtype)

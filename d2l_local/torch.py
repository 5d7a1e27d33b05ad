"""d2l_local for PyTorch: `from d2l_local import torch as d2l`."""

import torch
from torch import nn
from torch.nn import functional as F

from . import common, datamodule, trainer
from .board import ProgressBoard  # noqa: F401 (part of the API)
from .hyperparameters import HyperParameters, add_to_class  # noqa: F401

__all__ = [*common.API, 'SGD']

reshape, matmul, argmax = torch.reshape, torch.matmul, torch.argmax
seed = common.make_seed(torch.manual_seed, 'PyTorch')


def astype(x, dtype):
    return x.type(dtype)


# Importing the helper fixes the seed: a notebook run twice prints the same
# metrics without a seeding cell of its own.
seed()
torch.use_deterministic_algorithms(True)


class Module(common.NetForward, common.EagerSteps, nn.Module, HyperParameters):
    """Base of the chapter's models: a `torch.nn.Module` with d2l's hooks."""

    def loss(self, Y_hat, Y):
        raise NotImplementedError

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.lr)


class Classifier(Module):
    """A model whose outputs are logits over classes."""

    def loss(self, Y_hat, Y, averaged=True):
        return F.cross_entropy(
            Y_hat, Y.long(), reduction='mean' if averaged else 'none'
        )

    def accuracy(self, Y_hat, Y, averaged=True):
        correct = (Y_hat.argmax(dim=1) == Y).float()
        return correct.mean() if averaged else correct


class SGD(HyperParameters):
    """Minibatch stochastic gradient descent, written out."""

    def __init__(self, params, lr):
        self.save_hyperparameters()
        self.params = list(params)

    @torch.no_grad()
    def step(self):
        for p in self.params:
            p -= self.lr * p.grad

    def zero_grad(self):
        for p in self.params:
            p.grad = None


class FashionMNIST(datamodule.FashionMNIST):
    __doc__ = datamodule.FashionMNIST.__doc__

    @staticmethod
    def to_tensor(array):
        return torch.from_numpy(array)  # shares memory: no copy


class Trainer(trainer.Trainer):
    __doc__ = trainer.Trainer.__doc__

    def prepare_model(self, model, X):
        with torch.no_grad():
            model(X)  # materialise lazy layers before the optimizer sees them
        self.optim = model.configure_optimizers()

    def train_step(self, X, y):
        model = self.model
        model.train()
        loss = model.training_step((X, y))
        self.optim.zero_grad()
        loss.backward()
        if self.gradient_clip_val:
            nn.utils.clip_grad_norm_(model.parameters(), self.gradient_clip_val)
        self.optim.step()
        return loss.detach()

    @torch.no_grad()
    def eval_step(self, X, y):
        self.model.eval()
        return self.model.validation_step((X, y))

    @staticmethod
    def to_float(x):
        return x.item()

"""d2l_local for MXNet: `from d2l_local import mxnet as d2l`."""

import os

# MXNet looks for GPU libraries and benchmarks convolution kernels at start-up;
# neither applies on a CPU, and both can print to the notebook.
os.environ.setdefault('MXNET_CUDNN_AUTOTUNE_DEFAULT', '0')


def _cpu_flags():
    """The x86 CPU's feature flags, from Linux's /proc/cpuinfo (else none)."""
    try:
        with open('/proc/cpuinfo') as info:
            for line in info:
                if line.startswith('flags'):
                    return set(line.split(':', 1)[1].split())
    except OSError:
        pass
    return set()


# The OpenBLAS inside MXNet 1.9.1 (which computes `np.dot`, so the scratch
# model's products) predates many CPUs and falls back to its SSE3 kernels
# ("Prescott") on those it does not know: on an AVX-512 Intel Xeon of family
# 6, model 167, the chapter's scratch fit took 47 s with them, 22 s with its
# AVX2 kernels ("Haswell"). Every CPU with AVX2 and FMA gets those, so all
# such machines also sum the products the same way.
if {'avx2', 'fma'} <= _cpu_flags():
    os.environ.setdefault('OPENBLAS_CORETYPE', 'Haswell')

import mxnet as mx  # noqa: E402
from mxnet import autograd, gluon, np, npx  # noqa: E402

from . import common, datamodule, trainer  # noqa: E402
from .board import ProgressBoard  # noqa: E402, F401 (part of the API)
from .common import astype  # noqa: E402, F401
from .hyperparameters import HyperParameters, add_to_class  # noqa: E402, F401

npx.set_np()

__all__ = [*common.API, 'SGD']

reshape, matmul, argmax = np.reshape, np.dot, np.argmax
seed = common.make_seed(mx.random.seed, 'MXNet')


# Importing the helper fixes the seed: a notebook run twice prints the same
# metrics without a seeding cell of its own.
seed()


class Module(common.NetForward, common.EagerSteps, gluon.Block, HyperParameters):
    """Base of the chapter's models: a Gluon block with d2l's hooks."""

    def get_scratch_params(self):
        """The arrays held directly as attributes: a scratch model's weights.

        Gluon collects only `Parameter`s of child blocks; plain arrays that
        we created ourselves are found here instead.
        """
        return [v for v in vars(self).values() if isinstance(v, np.ndarray)]

    def configure_optimizers(self):
        params = self.collect_params()
        if list(params.keys()):
            return gluon.Trainer(params, 'sgd', {'learning_rate': self.lr})
        return SGD(self.get_scratch_params(), self.lr)


class Classifier(Module):
    """A model whose outputs are logits over classes."""

    def loss(self, Y_hat, Y, averaged=True):
        # log-softmax picked at the label: cross-entropy on logits, stable.
        losses = -npx.pick(npx.log_softmax(Y_hat), Y)
        return losses.mean() if averaged else losses

    def accuracy(self, Y_hat, Y, averaged=True):
        correct = Y_hat.argmax(axis=1).astype(Y.dtype) == Y
        correct = correct.astype('float32')
        return correct.mean() if averaged else correct


class SGD(HyperParameters):
    """Minibatch SGD on plain arrays that carry gradients (`attach_grad`)."""

    def __init__(self, params, lr):
        self.save_hyperparameters()

    def step(self, _batch_size=1):
        for param in self.params:
            param -= self.lr * param.grad  # in place, keeps the grad buffer


class FashionMNIST(datamodule.FashionMNIST):
    __doc__ = datamodule.FashionMNIST.__doc__

    @staticmethod
    def to_tensor(array):
        return np.array(array, dtype=array.dtype)


class Trainer(trainer.Trainer):
    __doc__ = trainer.Trainer.__doc__

    def prepare_model(self, model, X):
        if list(model.collect_params().keys()):
            model(X)  # infer deferred shapes before the optimizer is made
        elif not model.get_scratch_params():
            raise ValueError(
                f'{type(model).__name__} has no parameters: create arrays and '
                'attach_grad() them, or Gluon layers, in __init__.'
            )
        self.optim = model.configure_optimizers()

    def train_step(self, X, y):
        with autograd.record():
            loss = self.model.training_step((X, y))
        loss.backward()
        if self.gradient_clip_val:
            self._clip_gradients(self.gradient_clip_val)
        # The loss is a batch mean already, so no rescaling by batch size.
        self.optim.step(1)
        return loss

    def _clip_gradients(self, max_norm):
        # Gluon's clip_global_norm takes only legacy NDArrays, not the
        # numpy-style arrays of npx.set_np(), so it is written out here.
        scratch = self.model.get_scratch_params()
        if scratch:
            grads = [p.grad for p in scratch]
        else:
            params = self.model.collect_params().values()
            grads = [p.grad() for p in params if p.grad_req != 'null']
        norm = float(np.sqrt(sum((g**2).sum() for g in grads)))
        if norm > max_norm:
            for g in grads:
                g *= max_norm / norm  # in place: the optimizer reads these

    def eval_step(self, X, y):
        return self.model.validation_step((X, y))

    @staticmethod
    def to_float(x):
        return float(x)

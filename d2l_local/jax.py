"""d2l_local for JAX and Flax: `from d2l_local import jax as d2l`."""

import dataclasses

import jax
import optax
from flax import linen as nn
from jax import numpy as jnp

from . import common, datamodule, trainer, xla_dot_guard
from .board import ProgressBoard  # noqa: F401 (part of the API)
from .checks import check_hyperparameters
from .common import astype  # noqa: F401
from .hyperparameters import HyperParameters, add_to_class  # noqa: F401
from .shared_jit import shared_jit

__all__ = list(common.API)

# Importing JAX, Flax and optax computes nothing yet, so the flag still
# reaches every computation of the process (see the module).
xla_dot_guard.apply()

reshape, matmul, argmax = jnp.reshape, jnp.matmul, jnp.argmax


def _remember_seed(value):
    # JAX has no global random state: every draw takes an explicit key, so
    # the seed is kept for the PRNG key `Trainer` initialises models with.
    global _seed
    _seed = value


seed = common.make_seed(_remember_seed, 'JAX (the key Trainer initialises with)')
seed()


class Module(nn.Module, HyperParameters):
    """Base of the chapter's models: a Flax module with d2l's hooks.

    Flax modules are dataclasses: hyperparameters are declared as fields
    (`num_hiddens: int`) and need no `save_hyperparameters()` call. The
    parameters live outside the module, in the pytree `Trainer` keeps.
    """

    def __post_init__(self):
        super().__post_init__()
        check_hyperparameters(
            {
                f.name: getattr(self, f.name)
                for f in dataclasses.fields(self)
                if f.name not in ('parent', 'name')
            }
        )

    def __call__(self, X, *args, **kwargs):
        return self.forward(X, *args, **kwargs)

    def forward(self, X):
        if not hasattr(self, 'net'):
            raise NotImplementedError(
                f'{type(self).__name__} needs a forward method or a self.net'
            )
        return self.net(X)

    def configure_optimizers(self):
        # The rate lives in the optimizer state, an input of the compiled
        # step rather than a constant in it, so fits that differ in their
        # learning rate alone share one program (shared_jit); same updates.
        return optax.inject_hyperparams(optax.sgd)(learning_rate=self.lr)

    def training_step(self, params, batch):
        """The loss the trainer differentiates with respect to `params`."""
        return self.loss(self.apply({'params': params}, *batch[:-1]), batch[-1])

    def validation_step(self, params, batch):
        """Summed loss and number of correct predictions of a batch."""
        Y_hat = self.apply({'params': params}, *batch[:-1])
        Y = batch[-1]
        return (
            self.loss(Y_hat, Y, averaged=False).sum(),
            (Y_hat.argmax(axis=1) == Y).sum(),
        )


class Classifier(Module):
    """A model whose outputs are logits over classes."""

    def loss(self, Y_hat, Y, averaged=True):
        losses = optax.softmax_cross_entropy_with_integer_labels(Y_hat, Y)
        return losses.mean() if averaged else losses

    def accuracy(self, Y_hat, Y, averaged=True):
        correct = (Y_hat.argmax(axis=1) == Y).astype(jnp.float32)
        return correct.mean() if averaged else correct


class FashionMNIST(datamodule.FashionMNIST):
    __doc__ = datamodule.FashionMNIST.__doc__
    channels_last = True

    @staticmethod
    def to_tensor(array):
        # A copy that XLA owns. `jnp.asarray` may alias the numpy batch
        # (zero-copy when the buffer happens to be 64-byte aligned), and a
        # step dispatched asynchronously can then read host memory whose
        # lifetime numpy, not XLA, decides.
        return jnp.array(array, copy=True)


# Initialisation runs once a fit: compiled as one program, fast rather than
# well (XLA's backend optimisation off), instead of Flax's op-by-op eager
# init, which compiles each random-number kernel anew for every new shape
# (about 1 s a new model against 0.3 s). Its values are the same in every
# jaxlib tested (0.7.2, 0.10.2) and on every run.
INIT_OPTIONS = {
    **(xla_dot_guard.COMPILER_OPTIONS or {}),
    'xla_backend_optimization_level': 0,
}


class TrainState:
    """Parameters and optimizer state: the values that change in training."""

    def __init__(self, params, opt_state):
        self.params, self.opt_state = params, opt_state


class Trainer(trainer.Trainer):
    __doc__ = trainer.Trainer.__doc__

    def __init__(
        self, max_epochs, num_gpus=0, gradient_clip_val=0, quiet=False, seed=None
    ):
        super().__init__(max_epochs, num_gpus, gradient_clip_val, quiet)
        self.seed = _seed if seed is None else seed

    def prepare_model(self, model, X):
        key = jax.random.PRNGKey(self.seed)
        params = shared_jit(model.init, compiler_options=INIT_OPTIONS)(key, X)['params']
        optim = model.configure_optimizers()
        self.state = TrainState(params, optim.init(params))

        def step(params, opt_state, X, y):
            loss, grads = jax.value_and_grad(model.training_step)(params, (X, y))
            if self.gradient_clip_val:  # scale to a global norm <= the value
                norm = optax.global_norm(grads)
                scale = jnp.minimum(1.0, self.gradient_clip_val / norm)
                grads = jax.tree.map(lambda g: g * scale, grads)
            updates, opt_state = optim.update(grads, opt_state, params)
            return optax.apply_updates(params, updates), opt_state, loss

        # No buffer donation: when the next epoch's first step is dispatched,
        # validation batches may still be queued on the parameters it would
        # donate. A fresh 0.8 MB output per step costs next to nothing. (The
        # divergence once seen on JAX 0.7.2 was stale XNNPACK operands: see
        # xla_dot_guard.)
        # Compiled once per process for each distinct program: a fit that
        # repeats an earlier one's model (another seed, say) skips XLA.
        options = xla_dot_guard.COMPILER_OPTIONS
        self._step = shared_jit(step, compiler_options=options)
        self._eval = shared_jit(
            lambda params, X, y: model.validation_step(params, (X, y)),
            compiler_options=options,
        )

    def train_step(self, X, y):
        s = self.state
        s.params, s.opt_state, loss = self._step(s.params, s.opt_state, X, y)
        return loss

    def eval_step(self, X, y):
        return self._eval(self.state.params, X, y)

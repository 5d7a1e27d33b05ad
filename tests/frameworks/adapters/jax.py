import jax
import numpy as np
from jax import numpy as jnp

from d2l_local import jax as d2l

from .base import BaseAdapter


class Bound:
    """A Flax module with its parameters: JAX keeps the two apart."""

    def __init__(self, module, params):
        self.module, self.params = module, params

    def __getattr__(self, name):
        return getattr(self.module, name)


class Adapter(BaseAdapter):
    d2l = d2l
    key = 'jax'
    image_shape = (28, 28, 1)

    def tensor(self, a):
        return jnp.asarray(np.asarray(a))

    def numpy(self, t):
        return np.asarray(t)

    def scratch(self, weights, lr=0.1):
        module = self.scratch_model(weights, lr)
        return Bound(module, {k: jnp.asarray(v) for k, v in weights.items()})

    def logits(self, model, X):
        if not isinstance(model, Bound):
            params = model.init(jax.random.PRNGKey(0), self.tensor(X))['params']
            model = Bound(model, params)
        return self.numpy(model.module.apply({'params': model.params}, self.tensor(X)))

    def loss_and_grads(self, model, X, y):
        def f(params):
            return model.module.loss(
                model.module.apply({'params': params}, self.tensor(X)), self.tensor(y)
            )

        loss, grads = jax.value_and_grad(f)(model.params)
        return float(loss), {k: self.numpy(g) for k, g in grads.items()}

    def prepare(self, trainer, model, X):
        trainer.model = model.module
        trainer.prepare_model(model.module, X)
        # Start from copies of the given weights.
        trainer.state.params = jax.tree.map(jnp.array, model.params)

    def parameters(self, model, trainer=None):
        return dict(trainer.state.params if trainer else model.params)

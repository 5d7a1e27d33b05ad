import jax
import numpy as np
from flax import linen as nn
from jax import numpy as jnp

from .base import BaseAdapter
from d2l_local import jax as d2l


class MLPScratch(d2l.Classifier):
    num_inputs: int
    num_outputs: int
    num_hiddens: int
    lr: float
    sigma: float = 0.01

    def setup(self):
        self.W1 = self.param('W1', nn.initializers.normal(self.sigma),
                             (self.num_inputs, self.num_hiddens))
        self.b1 = self.param('b1', nn.initializers.zeros, self.num_hiddens)
        self.W2 = self.param('W2', nn.initializers.normal(self.sigma),
                             (self.num_hiddens, self.num_outputs))
        self.b2 = self.param('b2', nn.initializers.zeros, self.num_outputs)

    def forward(self, X):
        X = d2l.reshape(X, (-1, self.num_inputs))
        H = jnp.maximum(d2l.matmul(X, self.W1) + self.b1, 0)
        return d2l.matmul(H, self.W2) + self.b2


class MLP(d2l.Classifier):
    num_outputs: int
    num_hiddens: int
    lr: float

    @nn.compact
    def __call__(self, X):
        X = X.reshape((X.shape[0], -1))
        X = nn.relu(nn.Dense(self.num_hiddens)(X))
        return nn.Dense(self.num_outputs)(X)


class Bound:
    """A Flax module with its parameters: JAX keeps the two apart."""

    def __init__(self, module, params):
        self.module, self.params = module, params

    def __getattr__(self, name):
        return getattr(self.module, name)


class Adapter(BaseAdapter):
    d2l = d2l
    module_name = 'jax'
    image_shape = (28, 28, 1)
    MLPScratch, MLP = MLPScratch, MLP

    def tensor(self, a):
        return jnp.asarray(np.asarray(a))

    def numpy(self, t):
        return np.asarray(t)

    def scratch(self, weights, lr=0.1):
        W1 = weights['W1']
        module = MLPScratch(num_inputs=W1.shape[0],
                            num_outputs=weights['W2'].shape[1],
                            num_hiddens=W1.shape[1], lr=lr)
        return Bound(module, {k: jnp.asarray(v) for k, v in weights.items()})

    def logits(self, model, X):
        if not isinstance(model, Bound):
            params = model.init(jax.random.PRNGKey(0), self.tensor(X))['params']
            model = Bound(model, params)
        return self.numpy(model.module.apply({'params': model.params},
                                             self.tensor(X)))

    def loss_and_grads(self, model, X, y):
        def f(params):
            return model.module.loss(
                model.module.apply({'params': params}, self.tensor(X)),
                self.tensor(y))
        loss, grads = jax.value_and_grad(f)(model.params)
        return float(loss), {k: self.numpy(g) for k, g in grads.items()}

    def prepare(self, trainer, model, X):
        trainer.model = model.module
        trainer.prepare_model(model.module, X)
        # Start from the given weights (copied: the step donates its input).
        trainer.state.params = jax.tree.map(jnp.array, model.params)

    def weights(self, model, trainer=None):
        params = trainer.state.params if trainer else model.params
        return {k: self.numpy(v) for k, v in params.items()}

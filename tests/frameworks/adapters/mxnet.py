import numpy as onp
from mxnet import autograd, np

from d2l_local import mxnet as d2l

from .base import BaseAdapter


class Adapter(BaseAdapter):
    d2l = d2l
    key = 'mxnet'
    image_shape = (1, 28, 28)

    def tensor(self, a):
        a = onp.asarray(a)
        return np.array(a, dtype=a.dtype)

    def numpy(self, t):
        return t.asnumpy()

    def scratch(self, weights, lr=0.1):
        model = self.scratch_model(weights, lr)
        for k, v in weights.items():
            getattr(model, k)[:] = np.array(v)
        return model

    def loss_and_grads(self, model, X, y):
        with autograd.record():
            loss = model.loss(model(self.tensor(X)), self.tensor(y))
        loss.backward()
        return float(loss), {
            k: self.numpy(getattr(model, k).grad) for k in ('W1', 'b1', 'W2', 'b2')
        }

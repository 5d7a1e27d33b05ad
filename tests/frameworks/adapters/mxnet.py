import numpy as onp
from mxnet import autograd, np
from mxnet.gluon import nn

from .base import BaseAdapter
from d2l_local import mxnet as d2l


class MLPScratch(d2l.Classifier):
    def __init__(self, num_inputs, num_outputs, num_hiddens, lr, sigma=0.01):
        super().__init__()
        self.save_hyperparameters()
        self.W1 = np.random.randn(num_inputs, num_hiddens) * sigma
        self.b1 = np.zeros(num_hiddens)
        self.W2 = np.random.randn(num_hiddens, num_outputs) * sigma
        self.b2 = np.zeros(num_outputs)
        for param in self.get_scratch_params():
            param.attach_grad()

    def forward(self, X):
        X = d2l.reshape(X, (-1, self.num_inputs))
        H = np.maximum(d2l.matmul(X, self.W1) + self.b1, 0)
        return d2l.matmul(H, self.W2) + self.b2


class MLP(d2l.Classifier):
    def __init__(self, num_outputs, num_hiddens, lr):
        super().__init__()
        self.save_hyperparameters()
        self.net = nn.Sequential()
        self.net.add(nn.Dense(num_hiddens, activation='relu'),
                     nn.Dense(num_outputs))
        self.net.initialize()


class Adapter(BaseAdapter):
    d2l = d2l
    module_name = 'mxnet'
    image_shape = (1, 28, 28)
    MLPScratch, MLP = MLPScratch, MLP

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
        return float(loss), {k: self.numpy(getattr(model, k).grad)
                             for k in ('W1', 'b1', 'W2', 'b2')}

import numpy as np
import torch
from torch import nn

from .base import BaseAdapter
from d2l_local import torch as d2l


class MLPScratch(d2l.Classifier):
    def __init__(self, num_inputs, num_outputs, num_hiddens, lr, sigma=0.01):
        super().__init__()
        self.save_hyperparameters()
        self.W1 = nn.Parameter(torch.randn(num_inputs, num_hiddens) * sigma)
        self.b1 = nn.Parameter(torch.zeros(num_hiddens))
        self.W2 = nn.Parameter(torch.randn(num_hiddens, num_outputs) * sigma)
        self.b2 = nn.Parameter(torch.zeros(num_outputs))

    def forward(self, X):
        X = d2l.reshape(X, (-1, self.num_inputs))
        H = torch.clamp(d2l.matmul(X, self.W1) + self.b1, min=0)
        return d2l.matmul(H, self.W2) + self.b2


class MLP(d2l.Classifier):
    def __init__(self, num_outputs, num_hiddens, lr):
        super().__init__()
        self.save_hyperparameters()
        self.net = nn.Sequential(nn.Flatten(), nn.LazyLinear(num_hiddens),
                                 nn.ReLU(), nn.LazyLinear(num_outputs))


class Adapter(BaseAdapter):
    d2l = d2l
    module_name = 'torch'
    image_shape = (1, 28, 28)
    MLPScratch, MLP = MLPScratch, MLP

    def tensor(self, a):
        return torch.tensor(np.asarray(a))

    def numpy(self, t):
        return t.detach().numpy()

    def scratch(self, weights, lr=0.1):
        model = self.scratch_model(weights, lr)
        with torch.no_grad():
            for k, v in weights.items():
                getattr(model, k).copy_(torch.tensor(v))
        return model

    def loss_and_grads(self, model, X, y):
        loss = model.loss(model(self.tensor(X)), self.tensor(y))
        model.zero_grad()
        loss.backward()
        return loss.item(), {k: self.numpy(getattr(model, k).grad)
                             for k in ('W1', 'b1', 'W2', 'b2')}

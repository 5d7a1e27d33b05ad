import numpy as np
import torch

from d2l_local import torch as d2l

from .base import BaseAdapter


class Adapter(BaseAdapter):
    d2l = d2l
    key = 'pytorch'
    image_shape = (1, 28, 28)

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
        return loss.item(), {
            k: self.numpy(getattr(model, k).grad) for k in ('W1', 'b1', 'W2', 'b2')
        }

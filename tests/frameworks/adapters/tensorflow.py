import numpy as np
import tensorflow as tf

from d2l_local import tensorflow as d2l

from .base import BaseAdapter


class Adapter(BaseAdapter):
    d2l = d2l
    key = 'tensorflow'
    image_shape = (28, 28, 1)

    def tensor(self, a):
        return tf.convert_to_tensor(np.asarray(a))

    def numpy(self, t):
        return np.asarray(t)

    def scratch(self, weights, lr=0.1):
        model = self.scratch_model(weights, lr)
        for k, v in weights.items():
            getattr(model, k).assign(v)
        return model

    def loss_and_grads(self, model, X, y):
        names = ('W1', 'b1', 'W2', 'b2')
        with tf.GradientTape() as tape:
            loss = model.loss(model(self.tensor(X)), self.tensor(y))
        grads = tape.gradient(loss, [getattr(model, k) for k in names])
        return float(loss), {k: self.numpy(g) for k, g in zip(names, grads)}

import numpy as np
import tensorflow as tf

from .base import BaseAdapter
from d2l_local import tensorflow as d2l


class MLPScratch(d2l.Classifier):
    def __init__(self, num_inputs, num_outputs, num_hiddens, lr, sigma=0.01):
        super().__init__()
        self.save_hyperparameters()
        self.W1 = tf.Variable(
            tf.random.normal((num_inputs, num_hiddens)) * sigma)
        self.b1 = tf.Variable(tf.zeros(num_hiddens))
        self.W2 = tf.Variable(
            tf.random.normal((num_hiddens, num_outputs)) * sigma)
        self.b2 = tf.Variable(tf.zeros(num_outputs))

    def forward(self, X):
        X = d2l.reshape(X, (-1, self.num_inputs))
        H = tf.maximum(d2l.matmul(X, self.W1) + self.b1, 0.0)
        return d2l.matmul(H, self.W2) + self.b2


class MLP(d2l.Classifier):
    def __init__(self, num_outputs, num_hiddens, lr):
        super().__init__()
        self.save_hyperparameters()
        self.net = tf.keras.models.Sequential([
            tf.keras.layers.Flatten(),
            tf.keras.layers.Dense(num_hiddens, activation='relu'),
            tf.keras.layers.Dense(num_outputs)])


class Adapter(BaseAdapter):
    d2l = d2l
    module_name = 'tensorflow'
    image_shape = (28, 28, 1)
    MLPScratch, MLP = MLPScratch, MLP

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

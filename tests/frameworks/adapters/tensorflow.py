import numpy as np
import tensorflow as tf

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


class Adapter:
    d2l = d2l
    module_name = 'tensorflow'
    image_shape = (28, 28, 1)
    MLPScratch, MLP = MLPScratch, MLP

    def tensor(self, a):
        return tf.convert_to_tensor(np.asarray(a))

    def numpy(self, t):
        return np.asarray(t)

    def scratch(self, weights, lr=0.1):
        W1 = weights['W1']
        model = MLPScratch(W1.shape[0], weights['W2'].shape[1], W1.shape[1], lr)
        for k, v in weights.items():
            getattr(model, k).assign(v)
        return model

    def concise(self, num_hiddens=32, lr=0.1):
        return MLP(num_outputs=10, num_hiddens=num_hiddens, lr=lr)

    def logits(self, model, X):
        return self.numpy(model(self.tensor(X)))

    def loss(self, model, logits, y, averaged=True):
        return self.numpy(model.loss(self.tensor(logits), self.tensor(y),
                                     averaged=averaged))

    def accuracy(self, model, logits, y):
        return float(model.accuracy(self.tensor(logits), self.tensor(y)))

    def loss_and_grads(self, model, X, y):
        names = ('W1', 'b1', 'W2', 'b2')
        with tf.GradientTape() as tape:
            loss = model.loss(model(self.tensor(X)), self.tensor(y))
        grads = tape.gradient(loss, [getattr(model, k) for k in names])
        return float(loss), {k: self.numpy(g) for k, g in zip(names, grads)}

    def prepare(self, trainer, model, X):
        trainer.model = model
        trainer.prepare_model(model, X)

    def weights(self, model, trainer=None):
        return {k: self.numpy(getattr(model, k))
                for k in ('W1', 'b1', 'W2', 'b2')}

"""What every adapter does the same way; each framework file adds the rest."""

from d2l_build.chapter import definitions

NAMES = ('W1', 'b1', 'W2', 'b2')


class BaseAdapter:
    """Subclasses set key, d2l, image_shape, tensor and numpy.

    `MLPScratch` and `MLP` are the chapter's, from its notebook.
    """

    def __init__(self):
        chapter = definitions(self.key)
        missing = [n for n in ('MLPScratch', 'MLP') if n not in chapter]
        if missing:
            raise LookupError(f'the {self.key} notebook defines no {missing}')
        self.MLPScratch, self.MLP = chapter['MLPScratch'], chapter['MLP']

    def concise(self, num_hiddens=32, lr=0.1):
        return self.MLP(num_outputs=10, num_hiddens=num_hiddens, lr=lr)

    def scratch_model(self, weights, lr):
        W1 = weights['W1']
        return self.MLPScratch(
            num_inputs=W1.shape[0],
            num_outputs=weights['W2'].shape[1],
            num_hiddens=W1.shape[1],
            lr=lr,
        )

    def logits(self, model, X):
        return self.numpy(model(self.tensor(X)))

    def loss(self, model, logits, y, averaged=True):
        return self.numpy(
            model.loss(self.tensor(logits), self.tensor(y), averaged=averaged)
        )

    def accuracy(self, model, logits, y):
        return float(model.accuracy(self.tensor(logits), self.tensor(y)))

    def prepare(self, trainer, model, X):
        trainer.model = model
        trainer.prepare_model(model, X)

    def parameters(self, model, trainer=None):
        """The framework's own parameter objects, as a reader would hold them."""
        return {k: getattr(model, k) for k in NAMES}

    def weights(self, model, trainer=None):
        return {k: self.numpy(v) for k, v in self.parameters(model, trainer).items()}

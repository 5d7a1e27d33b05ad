"""d2l_local for TensorFlow: `from d2l_local import tensorflow as d2l`."""

import contextlib
import os
import sys

# TensorFlow prints C++ start-up notices to stderr unless told otherwise; set
# before the import so notebooks show only what the chapter prints.
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')


@contextlib.contextmanager
def _no_native_stderr():
    """Send what C++ code writes to file descriptor 2 to /dev/null.

    TensorFlow 2.20+ logs its oneDNN notice through absl before absl's logging
    is set up, whatever TF_CPP_MIN_LOG_LEVEL says, and a notebook would show
    it or not depending on how its kernel captures native output. Python's
    own errors still reach sys.stderr.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, 'w') as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


import numpy as np  # noqa: E402

with _no_native_stderr():
    import tensorflow as tf  # noqa: E402

from . import common, datamodule, trainer  # noqa: E402
from .board import ProgressBoard  # noqa: E402, F401 (part of the API)
from .hyperparameters import HyperParameters, add_to_class  # noqa: E402, F401

__all__ = [*common.API, 'SGD']

reshape, matmul, argmax, astype = tf.reshape, tf.matmul, tf.argmax, tf.cast
# Keras' seed covers Python's random, numpy and TensorFlow.
seed = common.make_seed(tf.keras.utils.set_random_seed, 'TensorFlow')


# Importing the helper fixes the seed, and TensorFlow's kernels are asked to
# be deterministic, so a notebook run twice prints the same metrics.
seed()
tf.config.experimental.enable_op_determinism()


class Module(common.NetForward, tf.keras.Model, HyperParameters):
    """Base of the chapter's models: a Keras model with d2l's hooks."""

    def __init__(self):
        super().__init__()
        # Keras sets `self.loss = None` for `compile()`; drop that instance
        # attribute so the class's `loss` method is the one found.
        vars(self).pop('loss', None)

    def call(self, X, *args, **kwargs):
        return self.forward(X, *args, **kwargs)

    def get_scratch_params(self):
        """The raw `tf.Variable`s held directly as attributes.

        Keras 3 tracks only its own variables (those of layers), so a model
        written from scratch with `tf.Variable` attributes has an empty
        `trainable_variables`; we collect those attributes ourselves.
        """
        return [
            v for v in vars(self).values() if isinstance(v, tf.Variable) and v.trainable
        ]

    def parameters(self):
        """Every trainable variable: the layers' and the raw ones."""
        params = list(self.trainable_variables)
        seen = {id(p) for p in params}
        params += [v for v in self.get_scratch_params() if id(v) not in seen]
        return params

    def configure_optimizers(self):
        return SGD(self.lr)

    def training_step(self, batch):
        """The loss the trainer differentiates (inside a GradientTape)."""
        return self.loss(self(*batch[:-1], training=True), batch[-1])

    def validation_step(self, batch):
        """Summed loss and number of correct predictions of a batch."""
        Y_hat = self(*batch[:-1], training=False)
        Y = batch[-1]
        return (
            tf.reduce_sum(self.loss(Y_hat, Y, averaged=False)),
            tf.reduce_sum(
                tf.cast(tf.argmax(Y_hat, axis=1, output_type=Y.dtype) == Y, tf.int32)
            ),
        )


class Classifier(Module):
    """A model whose outputs are logits over classes."""

    def loss(self, Y_hat, Y, averaged=True):
        losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=Y, logits=Y_hat)
        return tf.reduce_mean(losses) if averaged else losses

    def accuracy(self, Y_hat, Y, averaged=True):
        correct = tf.cast(
            tf.argmax(Y_hat, axis=1, output_type=Y.dtype) == Y, tf.float32
        )
        return tf.reduce_mean(correct) if averaged else correct


class SGD(HyperParameters):
    """Minibatch SGD for any mix of Keras and raw TensorFlow variables."""

    def __init__(self, lr):
        self.save_hyperparameters()

    def apply_gradients(self, grads_and_vars):
        for grad, var in grads_and_vars:
            var.assign_sub(self.lr * grad)


class FashionMNIST(datamodule.FashionMNIST):
    __doc__ = datamodule.FashionMNIST.__doc__
    channels_last = True

    @staticmethod
    def to_tensor(array):
        return tf.convert_to_tensor(array)


class Trainer(trainer.Trainer):
    __doc__ = trainer.Trainer.__doc__

    def prepare_model(self, model, X):
        model(X, training=False)  # build lazy layers so their variables exist
        self.optim = model.configure_optimizers()
        params = model.parameters()
        if not params:
            raise ValueError(
                f'{type(model).__name__} has no trainable variables: create '
                'them as tf.Variable attributes or Keras layers in __init__.'
            )

        clip = self.gradient_clip_val

        # One traced graph per input shape; Python runs only while tracing.
        @tf.function(reduce_retracing=True)
        def train_step(X, y):
            with tf.GradientTape() as tape:
                loss = model.training_step((X, y))
            grads = tape.gradient(loss, params)
            if clip:
                grads, _ = tf.clip_by_global_norm(grads, clip)
            self.optim.apply_gradients(zip(grads, params))
            return loss

        self._train_step = train_step
        self._eval_step = tf.function(
            lambda X, y: model.validation_step((X, y)), reduce_retracing=True
        )

    def train_step(self, X, y):
        return self._train_step(X, y)

    def eval_step(self, X, y):
        return self._eval_step(X, y)

    @staticmethod
    def to_float(x):
        return float(np.asarray(x))

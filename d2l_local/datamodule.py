"""Data modules: in-memory Fashion-MNIST served as shuffled mini-batches."""

import numpy as np

from .checks import check_positive_int, check_seed
from .data import load_fashion_mnist
from .hyperparameters import HyperParameters
from .seeds import DEFAULT_SEED


class DataModule(HyperParameters):
    """Base class: `train_dataloader()` and `val_dataloader()` yield (X, y).

    A framework's subclass sets `to_tensor` (numpy array -> framework tensor)
    and `channels_last` (image layout its convolutions prefer).
    """

    channels_last = False

    @staticmethod
    def to_tensor(array):
        return array

    def get_dataloader(self, train):
        raise NotImplementedError

    def train_dataloader(self):
        return self.get_dataloader(train=True)

    def val_dataloader(self):
        return self.get_dataloader(train=False)


class Batches:
    """Mini-batches of in-memory arrays, reshuffled on every pass if asked.

    Shuffling draws one permutation of the samples per epoch from a seeded
    generator, so a given seed gives the same batches on every run. Each
    batch is gathered with one fancy-indexing call and converted to the
    framework's tensor once: no per-image Python work, no worker processes.
    """

    def __init__(self, X, y, batch_size, shuffle, rng, to_tensor):
        self.X, self.y, self.batch_size = X, y, batch_size
        self.shuffle, self.rng, self.to_tensor = shuffle, rng, to_tensor

    def __len__(self):
        return -(-len(self.X) // self.batch_size)

    def __iter__(self):
        n = len(self.X)
        order = self.rng.permutation(n) if self.shuffle else np.arange(n)
        for start in range(0, n, self.batch_size):
            # Sorted indices read memory forwards; the batch's content (a
            # random subset) is what matters, not its order. Indexing with an
            # array, never a slice, gives each batch its own memory: a tensor
            # that shares it (torch.from_numpy, jnp.asarray) never sees the
            # dataset change under a step still queued on it.
            idx = np.sort(order[start : start + self.batch_size])
            yield self.to_tensor(self.X[idx]), self.to_tensor(self.y[idx])


class FashionMNIST(DataModule):
    """Fashion-MNIST: 60,000 training and 10,000 validation images, 10 classes.

    Images come as float32 in [0, 1], shape (batch, 1, 28, 28) (or
    (batch, 28, 28, 1) where the framework prefers channels last); labels
    as int32 class indices.
    """

    labels = (
        't-shirt',
        'trouser',
        'pullover',
        'dress',
        'coat',
        'sandal',
        'shirt',
        'sneaker',
        'bag',
        'ankle boot',
    )

    def __init__(self, batch_size=64, root=None, seed=DEFAULT_SEED):
        super().__init__()
        self.save_hyperparameters()
        check_positive_int('batch_size', batch_size)
        arrays = load_fashion_mnist(root)
        self.train = self._prepare(arrays.train_images, arrays.train_labels)
        self.val = self._prepare(arrays.test_images, arrays.test_labels)
        # One generator for the whole module: epoch k of a run always sees
        # the same permutation, whatever the framework.
        self.reseed(seed)

    def reseed(self, seed):
        """Shuffle from `seed` again: the next pass over the training data
        sees the minibatches a new module made with this seed would, whatever
        was trained before (so that one fit's data order is its own)."""
        self.rng = np.random.default_rng(check_seed(seed))

    def _prepare(self, images, labels):
        # Scale once here rather than once per batch and per epoch.
        X = images.astype(np.float32) / 255.0
        X = X[..., None] if self.channels_last else X[:, None]
        return X, labels.astype(np.int32)

    def text_labels(self, indices):
        """Class names for a sequence of label indices."""
        return [self.labels[int(i)] for i in indices]

    def get_dataloader(self, train):
        X, y = self.train if train else self.val
        return Batches(
            X, y, self.batch_size, shuffle=train, rng=self.rng, to_tensor=self.to_tensor
        )

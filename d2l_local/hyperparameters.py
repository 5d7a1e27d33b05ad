"""`HyperParameters` and `add_to_class`, the two tricks the chapter relies on."""

import inspect

from .checks import check_hyperparameters


def add_to_class(Class):
    """Decorator: attach the decorated function to `Class` as a method.

    It lets a notebook define a class in one cell and its methods in later
    cells, next to the text that explains them.
    """

    def wrapper(obj):
        setattr(Class, obj.__name__, obj)
        return obj

    return wrapper


class HyperParameters:
    """Mixin whose `save_hyperparameters` stores `__init__` arguments."""

    def save_hyperparameters(self, ignore=()):
        """Store every argument of the calling `__init__` as an attribute.

        Known hyperparameters (lr, num_hiddens, batch_size...) are checked
        here, so a bad value fails where it was given, not deep in training.
        """
        frame = inspect.currentframe().f_back
        try:
            _, _, _, local_vars = inspect.getargvalues(frame)
        finally:
            del frame  # break the reference cycle frames create
        self.hparams = {
            k: v
            for k, v in local_vars.items()
            if k not in set(ignore) | {'self'}
            and not k.startswith('_')
            and k != '__class__'
        }
        check_hyperparameters(self.hparams)
        for k, v in self.hparams.items():
            setattr(self, k, v)

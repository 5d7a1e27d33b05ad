"""Argument checks shared by every framework: fail early, say what to do."""

import math
import numbers

# Hyperparameters that must be whole numbers greater than zero.
POSITIVE_INTS = ('num_inputs', 'num_outputs', 'num_hiddens', 'batch_size', 'max_epochs')
# Hyperparameters that must be finite real numbers greater than zero.
POSITIVE_FLOATS = ('lr', 'sigma')


def check_positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value <= 0:
        raise ValueError(
            f'{name} must be a positive whole number, got {value!r}; '
            f'pass e.g. {name}={_EXAMPLES.get(name, 1)}.'
        )
    return int(value)


def check_seed(value):
    """A random seed: a whole number, 0 or more."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ValueError(
            f'seed must be a whole number, 0 or more, got {value!r}; pass e.g. seed=0.'
        )
    return int(value)


def check_positive_float(name, value):
    ok = (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )
    if not ok:
        raise ValueError(
            f'{name} must be a finite number greater than 0, got {value!r}; '
            f'pass e.g. {name}={_EXAMPLES.get(name, 0.1)}.'
        )
    return float(value)


def check_clip_value(value):
    """`gradient_clip_val`: 0 (no clipping) or the largest gradient norm."""
    ok = (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    )
    if not ok:
        raise ValueError(
            f'gradient_clip_val must be 0 (no clipping) or a finite number '
            f'greater than 0, the largest global gradient norm; got {value!r}.'
        )
    return float(value)


def check_hyperparameters(values):
    """Check the known hyperparameters among `values` (a name -> value map)."""
    for name, value in values.items():
        if name in POSITIVE_INTS:
            check_positive_int(name, value)
        elif name in POSITIVE_FLOATS:
            check_positive_float(name, value)


def check_input_features(shape, num_inputs):
    """Each example of a batch of `shape` must hold `num_inputs` values."""
    features = math.prod(int(d) for d in shape[1:])
    if len(shape) < 2 or features != num_inputs:
        raise ValueError(
            f'the model expects {num_inputs} input features per example '
            f'(num_inputs={num_inputs}), but a batch has shape {tuple(shape)} '
            f'({features} features per example). Fashion-MNIST images have '
            f'28 x 28 = 784 pixels: use num_inputs=784, or feed batches of '
            f'shape (batch, 1, 28, 28).'
        )


def check_finite_loss(loss, epoch, lr):
    if not math.isfinite(loss):
        raise FloatingPointError(
            f'the training loss became {loss} in epoch {epoch}: training '
            f'diverged. Lower the learning rate (lr={lr}), e.g. to {lr / 10:g}, '
            f'and check the input data for NaN or infinite values.'
        )


_EXAMPLES = {
    'num_inputs': 784,
    'num_outputs': 10,
    'num_hiddens': 256,
    'batch_size': 256,
    'max_epochs': 10,
    'lr': 0.1,
    'sigma': 0.01,
}

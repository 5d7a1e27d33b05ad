"""The small d2l helper behind the MLP chapter.

Import the flavour that matches your framework::

    from d2l_local import torch as d2l      # or mxnet, tensorflow, jax
"""
import importlib

FRAMEWORKS = {
    'mxnet': 'mxnet',
    'torch': 'torch',
    'pytorch': 'torch',
    'tensorflow': 'tensorflow',
    'jax': 'jax',
}

__all__ = ['FRAMEWORKS', 'load']


def load(framework):
    """Return the d2l_local module for a framework name ('pytorch', 'jax'...)."""
    module = FRAMEWORKS.get(str(framework).lower())
    if module is None:
        raise ImportError(
            f"d2l_local has no framework {framework!r}. Use one of "
            "'mxnet', 'torch' (or 'pytorch'), 'tensorflow', 'jax', e.g. "
            "`from d2l_local import torch as d2l`.")
    return importlib.import_module(f'{__name__}.{module}')


def __getattr__(name):
    # `from d2l_local import torch` asks for the attribute before importing
    # the submodule, so known names are imported here and unknown ones get a
    # message that lists the choices instead of a bare ImportError.
    if name.startswith('_'):
        raise AttributeError(name)
    if name in ('mxnet', 'torch', 'tensorflow', 'jax', 'pytorch'):
        return load(name)
    if name in ('data', 'hyperparameters', 'board', 'datamodule', 'trainer',
                'checks', 'bench'):
        return importlib.import_module(f'{__name__}.{name}')
    return load(name)

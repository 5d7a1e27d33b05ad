"""The small d2l helper behind the MLP chapter.

Import the flavour that matches your framework::

    from d2l_local import torch as d2l      # or mxnet, tensorflow, jax

Importing the package itself is cheap (stdlib only): the framework and
numpy are imported with the flavour that needs them.
"""

import importlib

# Modules that do not depend on a framework; `from d2l_local import seeds`
# imports them on first use, like the framework flavours.
SUBMODULES = (
    'board',
    'checks',
    'common',
    'data',
    'datamodule',
    'hyperparameters',
    'registry',
    'seeds',
    'trainer',
)

__all__ = ['SUBMODULES', 'load', 'registry']


def _registry():
    # Imported on use, not with the package: `python3 -m d2l_local.registry`
    # must find it not yet imported (runpy warns otherwise).
    return importlib.import_module(f'{__name__}.registry')


def load(framework):
    """Return the d2l_local module of a framework ('pytorch', 'jax'...)."""
    try:
        module = _registry().framework(framework).module
    except LookupError as err:
        raise ImportError(
            f'd2l_local has no framework {framework!r}: {err} '
            'Import it as e.g. `from d2l_local import torch as d2l`.'
        ) from None
    return importlib.import_module(f'{__name__}.{module}')


def __getattr__(name):
    # PEP 562: called only for names not yet set. `from d2l_local import x`
    # asks here before importing the submodule, so known names are imported;
    # anything else is an AttributeError, which `hasattr` expects (and which
    # `from d2l_local import x` reports as Python's usual ImportError).
    if name in SUBMODULES:
        return importlib.import_module(f'{__name__}.{name}')
    registry = _registry()
    try:
        fw = registry.framework(name)
    except LookupError:
        keys = ', '.join(registry.framework_keys())
        raise AttributeError(
            f"module 'd2l_local' has no attribute {name!r}. The framework "
            f'flavours are {keys} (PyTorch also as torch), e.g. '
            '`from d2l_local import torch as d2l`; the other modules are '
            f'{", ".join(SUBMODULES)}.'
        ) from None
    return importlib.import_module(f'{__name__}.{fw.module}')


def __dir__():
    keys = _registry().framework_keys()
    return sorted(set(globals()) | set(SUBMODULES) | set(keys))

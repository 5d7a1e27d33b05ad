import importlib

import pytest


def pytest_addoption(parser):
    parser.addoption('--framework', required=True,
                     choices=['mxnet', 'pytorch', 'tensorflow', 'jax'],
                     help='the framework whose environment runs these tests')


@pytest.fixture(scope='session')
def fw(request):
    """The adapter of the framework under test (see adapters/)."""
    name = request.config.getoption('--framework')
    return importlib.import_module(f'adapters.{name}').Adapter()

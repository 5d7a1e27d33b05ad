import importlib

import pytest

from d2l_local import registry


def pytest_addoption(parser):
    parser.addoption(
        '--framework',
        required=True,
        choices=registry.framework_keys(),
        help='the framework whose environment runs these tests',
    )


@pytest.fixture(scope='session')
def fw(request):
    """The adapter of the framework under test (see adapters/)."""
    name = request.config.getoption('--framework')
    return importlib.import_module(f'adapters.{name}').Adapter()

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


@pytest.fixture(scope='module')
def data(fw):
    """Fashion-MNIST through the framework's own data module."""
    return fw.d2l.FashionMNIST(batch_size=256)


def pytest_configure(config):
    config.addinivalue_line(
        'markers', 'only(*frameworks): collected for these frameworks alone'
    )


def pytest_collection_modifyitems(config, items):
    # Framework-specific tests are deselected elsewhere, not skipped: a
    # skip would read as a check that did not run.
    name = config.getoption('--framework')
    keep, drop = [], []
    for item in items:
        mark = item.get_closest_marker('only')
        (drop if mark and name not in mark.args else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep

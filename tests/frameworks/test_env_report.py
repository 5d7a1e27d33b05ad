"""The environment report `make test` prints names what the process imports."""

import importlib

import pytest

from d2l_build import frameworks
from d2l_local import registry


def test_the_report_names_the_framework_version_a_process_imports(fw):
    # Each framework's package shares the name of its d2l_local module.
    package = importlib.import_module(registry.framework(fw.key).module)
    report = frameworks.facts(fw.key).versions()
    assert f'{package.__name__} {package.__version__}' in report, report


@pytest.mark.only('tensorflow')
def test_the_report_names_the_keras_tensorflow_imports():
    import tensorflow as tf

    report = frameworks.facts('tensorflow').versions()
    assert f'keras {tf.keras.__version__}' in report, report

"""The package as a user and the shell meet it: cheap import, every submodule
reachable, the registry readable without numpy or a framework."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import d2l_local
from d2l_local import registry

ROOT = Path(__file__).resolve().parents[2]


def run(code_or_args, *, module=False):
    # -S: no site-packages, so only the standard library is importable.
    args = ['-m', *code_or_args] if module else ['-c', code_or_args]
    return subprocess.run(
        [sys.executable, '-S', *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_importing_the_package_needs_only_the_standard_library():
    result = run(
        'import d2l_local, sys; '
        'print("numpy" in sys.modules, sorted(d2l_local.SUBMODULES))'
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('False ')


@pytest.mark.parametrize('name', d2l_local.SUBMODULES)
def test_every_submodule_imports_by_name_in_a_fresh_interpreter(name):
    result = subprocess.run(
        [sys.executable, '-c', f'from d2l_local import {name}; print({name}.__name__)'],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f'd2l_local.{name}'


def test_unknown_names_are_attribute_errors():
    assert not hasattr(d2l_local, 'caffe')
    with pytest.raises(AttributeError, match='flavours are mxnet, pytorch'):
        d2l_local.caffe  # noqa: B018
    with pytest.raises(ImportError, match="no framework 'caffe'"):
        d2l_local.load('caffe')


def test_registry_command_line_for_the_shell():
    keys = run(['d2l_local.registry', 'frameworks'], module=True)
    assert keys.stdout.split() == list(registry.framework_keys())
    assert keys.stdout.split() == ['mxnet', 'pytorch', 'tensorflow', 'jax']
    assert keys.stderr == ''  # no runpy warning about a pre-imported module
    envs = run(['d2l_local.registry', 'frameworks', '--field', 'env'], module=True)
    assert envs.stdout.split() == [f.env for f in registry.FRAMEWORKS]
    langs = run(['d2l_local.registry', 'languages'], module=True)
    assert langs.stdout.split() == ['en', 'zh']
    others = run(['d2l_local.registry', 'translations'], module=True)
    assert others.stdout.split() == ['zh'] == list(registry.translations())
    assert registry.source_language() == 'en'
    ok = run(['d2l_local.registry', 'check', 'pytorch', 'jax'], module=True)
    assert ok.returncode == 0
    bad = run(['d2l_local.registry', 'check', 'pytorch', 'keras'], module=True)
    assert bad.returncode == 2 and 'unknown framework keras' in bad.stderr
    field = run(['d2l_local.registry', 'frameworks', '--field', 'colour'], module=True)
    assert field.returncode != 0 and "no field 'colour'" in field.stderr


def test_registry_names_the_environments_of_ci_jobs():
    # One CI job per environment (.github/workflows/ci.yml reads this JSON):
    # each framework's, then Colab's mirror.
    result = run(['d2l_local.registry', 'environments', '--json'], module=True)
    assert result.returncode == 0, result.stderr
    envs = json.loads(result.stdout)
    assert envs == list(registry.environments())
    assert envs[:-1] == [f.env for f in registry.FRAMEWORKS]
    assert envs[-1] == registry.COLAB_ENV
    for env in envs:
        assert (ROOT / 'requirements' / f'{env}.lock').is_file(), env
    plain = run(['d2l_local.registry', 'environments'], module=True)
    assert plain.stdout.split() == envs


def test_a_translation_translates_the_source_language():
    for lang in registry.LANGUAGES:
        assert lang.translates in ('', registry.source_language())


def test_the_build_tools_know_every_framework():
    from d2l_build import frameworks

    for key in registry.framework_keys():
        facts = frameworks.facts(key)
        assert facts.PROBE and facts.TERMS and 'default' in facts.MACHINES
        assert isinstance(facts.NO_ACTIVATION, str) and callable(facts.versions)


def test_registry_lookups():
    assert registry.framework('torch').key == 'pytorch'
    assert registry.framework('PyTorch').module == 'torch'
    with pytest.raises(LookupError, match="unknown framework 'keras'"):
        registry.framework('keras')
    with pytest.raises(LookupError, match="unknown language 'fr'"):
        registry.language('fr')
    assert registry.DEFAULT_FRAMEWORK in registry.framework_keys()


def test_every_language_has_every_interface_string():
    keys = [set(lang.strings) for lang in registry.LANGUAGES]
    assert all(k == keys[0] for k in keys)


def test_a_framework_off_colab_says_why_in_every_language():
    for fw in registry.FRAMEWORKS:
        if not fw.colab:
            assert set(fw.colab_note) == set(registry.language_codes())
            assert fw.colab_error
        else:
            assert not fw.colab_note


def test_every_framework_has_its_module_and_requirements():
    for fw in registry.FRAMEWORKS:
        assert (ROOT / 'd2l_local' / f'{fw.module}.py').is_file()
        assert (ROOT / 'requirements' / f'{fw.env}.in').is_file()
        assert (ROOT / 'requirements' / f'{fw.env}.lock').is_file()

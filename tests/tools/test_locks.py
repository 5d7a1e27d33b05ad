"""The framework environments get d2lbook's tab magic, not its book builder.

requirements/notebook.in asks for d2lbook; requirements/notebook.exclude
names the dependencies d2lbook declares for its builder, which `make lock`
keeps out of the resolution (uv's --excludes). Every framework's lock must
hold d2lbook and what its tab module imports, and none of the excluded.
"""

import re
from pathlib import Path

import pytest

from d2l_local import registry

REQ = Path(__file__).resolve().parents[2] / 'requirements'
ENVS = [fw.env for fw in registry.FRAMEWORKS]


def names(path):
    """Package names of a requirements or exclude file, normalised."""
    found = set()
    for line in path.read_text(encoding='utf-8').splitlines():
        match = re.match(r'^([A-Za-z0-9][A-Za-z0-9._-]*)', line)
        if match:
            found.add(re.sub(r'[-_.]+', '-', match.group(1)).lower())
    return found


def test_the_exclusions_are_the_builders_dependencies():
    excluded = names(REQ / 'notebook.exclude')
    assert {'sphinx', 'awscli', 'd2l-notedown'} <= excluded
    assert 'd2lbook' in names(REQ / 'notebook.in')


@pytest.mark.parametrize('env', ENVS)
def test_lock_has_the_tab_magic_and_none_of_the_builder(env):
    text = (REQ / f'{env}.in').read_text(encoding='utf-8')
    assert re.search(r'^-r notebook\.in$', text, re.M), f'{env}.in'
    locked = names(REQ / f'{env}.lock')
    # d2lbook/tab.py imports IPython and, in interact_select, ipywidgets.
    assert {'d2lbook', 'ipython', 'ipywidgets'} <= locked
    leaked = names(REQ / 'notebook.exclude') & locked
    assert not leaked, f'{env}.lock holds d2lbook builder packages: {sorted(leaked)}'

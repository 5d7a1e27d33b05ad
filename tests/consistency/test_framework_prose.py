"""Each per-framework notebook reads on its own.

In Colab a reader sees one framework's notebook only, so its prose must not
talk about code that only another framework's notebook contains. Such prose
belongs in that framework's :begin_tab: block, which the split drops from
the other notebooks. The check runs on a fresh split of the chapter sources
(d2l_build/split_notebooks.py), so it holds before the notebooks are executed.
"""

import re
from pathlib import Path

import pytest

from d2l_build import frameworks, split_notebooks
from d2l_local import registry

ROOT = Path(__file__).resolve().parents[2]

FRAMEWORKS = split_notebooks.FRAMEWORKS
# Names and API terms, and the frameworks whose notebooks may use them
# (each framework lists its own in d2l_build/frameworks; a term shared by
# several, a `Sequential` container, a `Dense` layer, is in each list).
TERMS = {}
for _fw in FRAMEWORKS:
    for _term in frameworks.facts(_fw).TERMS:
        TERMS.setdefault(_term, set()).add(_fw)
URL = re.compile(r'\]\([^)]*\)|https?://\S+')


def foreign_terms(text, fw):
    """The terms in `text` that belong to frameworks other than `fw`."""
    text = URL.sub('', text)  # links name repositories, not APIs
    return sorted(
        {
            m.group(0)
            for pattern, owners in TERMS.items()
            if fw not in owners
            for m in re.finditer(pattern, text)
        }
    )


SPLITS = split_notebooks.expected(ROOT)


def _cases():
    for path, nb in sorted(SPLITS.items()):
        lang, fw = path.parts[-3], path.parts[-2]
        yield pytest.param(path, nb, fw, id=f'{lang}/{fw}/{path.stem}')


def test_the_check_sees_foreign_terms():
    assert foreign_terms(
        'In Flax, the `__call__` method is the forward computation.', 'pytorch'
    ) == ['Flax', '__call__']
    assert foreign_terms('`Sequential` chains the layers.', 'jax') == ['Sequential']
    assert foreign_terms('`nn.Dense` infers its inputs.', 'jax') == []
    assert foreign_terms('See [x](https://github.com/apache/mxnet).', 'pytorch') == []


@pytest.mark.parametrize('path,nb,fw', list(_cases()))
def test_prose_names_no_other_framework(path, nb, fw):
    found = []
    for cell in nb.cells:
        if cell.cell_type != 'markdown' or cell.metadata.get('d2l_setup'):
            continue
        terms = foreign_terms(cell.source, fw)
        if terms:
            found.append(f'source cell {cell.id}: {", ".join(terms)}')
    assert not found, (
        f"{path.relative_to(ROOT)} ({fw}) speaks of other frameworks' code; "
        'move that prose into their :begin_tab: blocks:\n  ' + '\n  '.join(found)
    )


def test_one_mxnet_version_throughout():
    """The chapters, landing pages and set-up notes name one MXNet release."""
    texts = [
        p.read_text(encoding='utf-8')
        for p in (
            *sorted((ROOT / 'chapters').glob('*/*.ipynb')),
            ROOT / 'index.md',
            *(ROOT / lang / 'index.md' for lang in registry.translations()),
            ROOT / 'README.md',
            ROOT / 'd2l_build' / 'split_notebooks.py',
        )
    ]
    versions = {
        v
        for text in texts
        for v in re.findall(r'MXNet(?: 的最后一个版本)? (\d+(?:\.\d+)+)', text)
    }
    assert versions == {'1.9.1'}, f'MXNet versions named: {sorted(versions)}'

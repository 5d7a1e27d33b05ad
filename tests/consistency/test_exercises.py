"""The exercises page works with the chapter's own models.

Its cells defining `MLPScratch` (with `relu` and `forward`) and `MLP` are
copies of the chapter's; this keeps the copies from drifting apart.
"""

from pathlib import Path

import nbformat
import pytest

from d2l_local import registry

ROOT = Path(__file__).resolve().parents[2]
# What starts each model-defining cell, after its %%tab line.
DEFINITIONS = (
    'class MLPScratch(',
    'def relu(',
    '@d2l.add_to_class(MLPScratch)',
    'class MLP(',
)


def model_cells(lang, page):
    nb = nbformat.read(str(ROOT / 'chapters' / lang / f'{page}.ipynb'), as_version=4)
    cells = []
    for cell in nb.cells:
        if cell.cell_type != 'code':
            continue
        body = cell.source.split('\n', 1)[-1] if cell.source.startswith('%%tab') else ''
        if body.startswith(DEFINITIONS):
            cells.append(cell.source)
    return cells


@pytest.mark.parametrize('lang', registry.language_codes())
def test_exercises_define_the_models_exactly_as_the_chapter(lang):
    chapter = model_cells(lang, 'mlp-implementation')
    # 4 frameworks x (MLPScratch, relu, MLP) + the shared forward
    assert len(chapter) == 13
    assert model_cells(lang, 'mlp-exercises') == chapter

"""Every language shows the outputs of one execution.

nbval re-executes a page only in its source language (the registry's
first); a translated notebook runs the same code, so its stored outputs
must be exactly the source notebook's, cell for cell, with the same
execution record (`make notebooks` copies them: d2l_build/share_outputs.py).
An output edited by hand in a translation, or left over from an older
execution, fails here.
"""

import json
from pathlib import Path

import pytest

from d2l_local import registry

ROOT = Path(__file__).resolve().parents[2]
SOURCE, *TRANSLATIONS = registry.language_codes()
NOTEBOOKS = sorted((ROOT / 'notebooks' / SOURCE).glob('*/*.ipynb'))


def shown(path):
    """(outputs and execution count of each code cell, execution record)."""
    nb = json.loads(path.read_text(encoding='utf-8'))
    cells = [
        (c.get('outputs', []), c.get('execution_count'))
        for c in nb['cells']
        if c['cell_type'] == 'code'
    ]
    return cells, nb['metadata'].get('d2l_execution')


def test_there_are_translations_to_check():
    assert TRANSLATIONS and NOTEBOOKS


@pytest.mark.parametrize('lang', TRANSLATIONS)
@pytest.mark.parametrize('source', NOTEBOOKS, ids=lambda p: f'{p.parent.name}/{p.stem}')
def test_a_translation_shows_the_source_languages_outputs(source, lang):
    translated = ROOT / 'notebooks' / lang / source.parent.name / source.name
    assert translated.is_file(), f'{translated} is missing: run `make notebooks`'
    (want, record), (got, got_record) = shown(source), shown(translated)
    assert len(got) == len(want), 'the languages have different code cells'
    for k, (w, g) in enumerate(zip(want, got)):
        assert g == w, f'code cell {k} of {translated} differs from {source}'
    assert got_record == record

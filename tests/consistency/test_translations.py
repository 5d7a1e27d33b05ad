"""Each Chinese prose cell translates the current text of its English cell.

The Chinese chapter records, per prose cell, which English cell it translates
and a hash of that text (d2l_build/translations.py). Editing English prose makes
its translation stale until the Chinese cell is updated and marked:
    python -m d2l_build.translations mark PAGE CELL
"""

from pathlib import Path

import pytest

from d2l_build import translations

ROOT = Path(__file__).resolve().parents[2]

PAGES = translations.pages(ROOT)


def test_there_are_chapters_to_check():
    assert PAGES, 'no translated chapters found in chapters/'


@pytest.mark.parametrize('lang, page', PAGES)
def test_no_translation_is_stale(lang, page):
    problems = translations.problems(ROOT, page, lang)
    stale = [m for kind, m in problems if kind == 'stale']
    assert not stale, (
        '\n'.join(stale) + '\nUpdate the Chinese text, then run: '
        f'python -m d2l_build.translations mark {page} CELL ... --lang {lang}'
    )


@pytest.mark.parametrize('lang, page', PAGES)
def test_every_english_prose_cell_is_translated(lang, page):
    problems = translations.problems(ROOT, page, lang)
    missing = [m for kind, m in problems if kind == 'missing']
    assert not missing, '\n'.join(missing)


def test_a_changed_english_cell_makes_its_translation_stale(tmp_path):
    """The check itself: edit a copy of the English chapter and watch the
    Chinese cell that translates it turn stale, then marking it fixes it."""
    lang, page = PAGES[0]
    for code in (translations.SOURCE, lang):
        (tmp_path / 'chapters' / code).mkdir(parents=True)
        src = translations.chapter(ROOT, code, page)
        translations.chapter(tmp_path, code, page).write_bytes(src.read_bytes())
    en_path = translations.chapter(tmp_path, translations.SOURCE, page)
    nb = translations.read(en_path)
    cell = translations.prose(nb)[-1]
    cell['source'] = ''.join(cell['source']) + '\nOne more sentence.'
    translations.write(en_path, nb)
    zh_cell = next(
        c['id']
        for c in translations.prose(
            translations.read(translations.chapter(tmp_path, lang, page))
        )
        if c['metadata'][translations.KEY]['en_cell'] == cell['id']
    )
    # Only this cell's verdict counts: the real chapter may have its own.
    mine = f'cell {zh_cell} is stale'
    assert any(mine in m for _, m in translations.problems(tmp_path, page, lang))
    translations.mark(tmp_path, page, [zh_cell], lang=lang)
    assert not any(mine in m for _, m in translations.problems(tmp_path, page, lang))

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
    assert PAGES, 'no Chinese chapters found in chapters/zh/'


@pytest.mark.parametrize('page', PAGES)
def test_no_translation_is_stale(page):
    stale = [m for kind, m in translations.problems(ROOT, page) if kind == 'stale']
    assert not stale, (
        '\n'.join(stale) + '\nUpdate the Chinese text, then run: '
        f'python -m d2l_build.translations mark {page} CELL ...'
    )


@pytest.mark.parametrize('page', PAGES)
def test_every_english_prose_cell_is_translated(page):
    missing = [m for kind, m in translations.problems(ROOT, page) if kind == 'missing']
    assert not missing, '\n'.join(missing)


def test_a_changed_english_cell_makes_its_translation_stale(tmp_path):
    """The check itself: edit a copy of the English chapter and watch the
    Chinese cell that translates it turn stale, then marking it fixes it."""
    page = PAGES[0]
    for lang in ('en', 'zh'):
        (tmp_path / 'chapters' / lang).mkdir(parents=True)
        src = translations.chapter(ROOT, lang, page)
        translations.chapter(tmp_path, lang, page).write_bytes(src.read_bytes())
    en_path = translations.chapter(tmp_path, 'en', page)
    nb = translations.read(en_path)
    cell = translations.prose(nb)[-1]
    cell['source'] = ''.join(cell['source']) + '\nOne more sentence.'
    translations.write(en_path, nb)
    zh_cell = next(
        c['id']
        for c in translations.prose(
            translations.read(translations.chapter(tmp_path, 'zh', page))
        )
        if c['metadata'][translations.KEY]['en_cell'] == cell['id']
    )
    # Only this cell's verdict counts: the real chapter may have its own.
    mine = f'cell {zh_cell} is stale'
    assert any(mine in m for _, m in translations.problems(tmp_path, page))
    translations.mark(tmp_path, page, [zh_cell])
    assert not any(mine in m for _, m in translations.problems(tmp_path, page))

"""Consistency of the tabbed chapter sources and their per-framework notebooks.

These tests read files only; they need nbformat (present in every framework
environment) but no framework. The markup rules are d2l_markup's: these tests
ask it, they do not parse the markup themselves.
"""

import re
from pathlib import Path

import nbformat
import pytest

from d2l_build import markup, pages, split_notebooks
from d2l_build.nbval_metrics.tolerance import TOLERANCES

ROOT = Path(__file__).resolve().parents[2]

FRAMEWORKS = split_notebooks.FRAMEWORKS
LANGUAGES = split_notebooks.LANGUAGES
SOURCES = split_notebooks.sources(ROOT)
PAGES = sorted({page for _, page, _ in SOURCES})
SUMMARY = re.compile(
    r'epoch (\d+): train_loss ([\d.]+), val_loss ([\d.]+), '
    r'val_acc ([\d.]+)'
)
# Pages that train: what their executed notebooks must show (pages.toml).
TRAINING = pages.training_pages(ROOT)


def read(path):
    return nbformat.read(str(path), as_version=4)


def source_ids():
    return [f'{lang}/{page}' for lang, page, _ in SOURCES]


def test_sources_exist():
    assert SOURCES, 'no tabbed source notebooks found in chapters/<lang>/'
    for page in PAGES:
        for lang in LANGUAGES:
            path = ROOT / 'chapters' / lang / f'{page}.ipynb'
            assert path.exists(), f'{page} has no {lang} version ({path})'


def test_split_is_up_to_date():
    bad = split_notebooks.stale(ROOT)
    assert not bad, split_notebooks.check_message(bad)


@pytest.mark.parametrize('page', PAGES)
def test_languages_share_code_cells(page):
    code = {}
    for lang in LANGUAGES:
        nb = read(ROOT / 'chapters' / lang / f'{page}.ipynb')
        code[lang] = [c.source for c in nb.cells if c.cell_type == 'code']
    first, *others = LANGUAGES
    for lang in others:
        assert len(code[lang]) == len(code[first]), (
            f'{page}: {lang} has {len(code[lang])} code cells, '
            f'{first} has {len(code[first])}'
        )
        for k, (a, b) in enumerate(zip(code[first], code[lang])):
            assert a == b, (
                f'{page}: code cell {k} differs between {first} '
                f'and {lang}:\n{a}\n---\n{b}'
            )


@pytest.mark.parametrize('lang,page,path', SOURCES, ids=source_ids())
def test_markup_follows_the_rules(lang, page, path):
    """Every %%tab line and :begin_tab: block is one d2l_markup understands
    (known frameworks, blocks closed), and every framework has code."""
    nb = read(path)
    first_code = next(c for c in nb.cells if c.cell_type == 'code')
    assert markup.is_loader_cell(first_code.source), (
        f'{path.name}: the first code cell must load d2lbook.tab'
    )
    for i, cell in enumerate(nb.cells):
        try:
            if cell.cell_type == 'code':
                markup.code_cell_frameworks(cell.source)
            elif cell.cell_type == 'markdown':
                markup.tab_segments(cell.source)
        except markup.MarkupError as err:
            pytest.fail(f'{path.name}: cell {i}: {err}')
    for fw in FRAMEWORKS:
        kinds = [kind for _, kind, _ in markup.split_cells(nb.cells, fw)]
        assert 'code' in kinds, f'{path.name}: no code cell for {fw}'


@pytest.mark.parametrize('lang,page,path', SOURCES, ids=source_ids())
def test_source_cell_ids_are_stable(lang, page, path):
    """Ids c00, c01... by position: regeneration and the split stay stable."""
    nb = read(path)
    nbformat.validate(nb)
    for i, cell in enumerate(nb.cells):
        assert cell.get('id') == f'c{i:02d}', (
            f'{path.name}: cell {i} has id {cell.get("id")!r}, expected c{i:02d}'
        )


@pytest.mark.parametrize('lang,page,path', SOURCES, ids=source_ids())
def test_sources_have_no_outputs(lang, page, path):
    nb = read(path)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == 'code':
            assert not cell.outputs, f'{path.name}: cell {i} has outputs'
            assert cell.execution_count is None, (
                f'{path.name}: cell {i} has an execution count'
            )


def test_the_tocs_list_every_source_in_every_language():
    order = pages.toc_pages(ROOT)
    assert sorted(order) == PAGES, (
        f'{pages.toc_path(ROOT, LANGUAGES[0])} lists {order}; chapters/ has {PAGES}'
    )
    for lang in LANGUAGES[1:]:
        assert pages.toc_pages(ROOT, lang) == order, (
            f'{pages.toc_path(ROOT, lang)} lists other pages, or in another order'
        )


def test_the_page_table_names_existing_pages_and_tolerances():
    unknown = sorted(set(pages.POLICIES) - set(PAGES))
    assert not unknown, f'pages.toml names pages with no source: {unknown}'
    for page, p in pages.POLICIES.items():
        for name in (p.tolerance, p.colab_tolerance):
            assert name in TOLERANCES, f'{page}: no tolerance {name!r}'
        assert bool(p.fits) == (p.epochs is not None), (
            f'{page}: a page that trains says after how many epochs, only then'
        )


@pytest.mark.parametrize('fw', FRAMEWORKS)
@pytest.mark.parametrize('lang', LANGUAGES)
@pytest.mark.parametrize('page', TRAINING)
def test_trained_models_reach_accuracy(page, lang, fw):
    """Each `trainer.fit` cell of an executed notebook printed its final
    summary after the last epoch, with a validation accuracy that holds up."""
    expect = pages.policy(page)
    path = split_notebooks.target(ROOT, lang, fw, page)
    assert path.exists(), f'{path} is missing: run make notebooks FW={fw}'
    nb = read(path)
    fits = [c for c in nb.cells if c.cell_type == 'code' and 'trainer.fit(' in c.source]
    assert len(fits) == expect.fits, (
        f'{path}: {len(fits)} trainer.fit cells, expected {expect.fits}'
    )
    for cell in fits:
        text = ''.join(
            o.get('text', '')
            for o in cell.outputs
            if o.output_type == 'stream' and o.name == 'stdout'
        )
        found = SUMMARY.findall(text)
        assert found, (
            f'{path}: cell {cell.id} printed no training summary; '
            f'run make notebooks FW={fw}'
        )
        epoch, _, _, val_acc = found[-1]
        assert int(epoch) == expect.epochs, (
            f'{path}: cell {cell.id} stopped at epoch {epoch}, not {expect.epochs}'
        )
        if expect.min_val_acc is not None:
            assert float(val_acc) >= expect.min_val_acc, (
                f'{path}: cell {cell.id} reached val_acc {val_acc} < '
                f'{expect.min_val_acc}'
            )

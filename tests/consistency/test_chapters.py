"""Consistency of the tabbed chapter sources and their per-framework notebooks.

These tests read files only; they need nbformat and d2lbook (present in every
framework environment) but no framework.
"""
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / 'tools'))
import split_notebooks  # noqa: E402

FRAMEWORKS = split_notebooks.FRAMEWORKS
LANGUAGES = split_notebooks.LANGUAGES
SOURCES = split_notebooks.sources(ROOT)
PAGES = sorted({page for _, page, _ in SOURCES})
TAB_LINE = re.compile(r'^%%tab +(.+?)\s*$')
MARK = re.compile(r'^:(begin_tab|end_tab):(`([^`]*)`)?\s*$')
SUMMARY = re.compile(r'epoch (\d+): train_loss ([\d.]+), val_loss ([\d.]+), '
                     r'val_acc ([\d.]+)')
MIN_VAL_ACC = 0.84
EPOCHS = 10


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
            f'{first} has {len(code[first])}')
        for k, (a, b) in enumerate(zip(code[first], code[lang])):
            assert a == b, (f'{page}: code cell {k} differs between {first} '
                            f'and {lang}:\n{a}\n---\n{b}')


def _tab_of(cell):
    first = cell.source.split('\n', 1)[0]
    match = TAB_LINE.match(first)
    return [t.strip() for t in match[1].split(',')] if match else None


@pytest.mark.parametrize('lang,page,path', SOURCES, ids=source_ids())
def test_code_steps_cover_every_framework(lang, page, path):
    """A step is one `%%tab all` cell, or consecutive framework cells that
    name mxnet, pytorch, tensorflow and jax once each, in that order."""
    nb = read(path)
    first_code = next(c for c in nb.cells if c.cell_type == 'code')
    assert '%load_ext d2lbook.tab' in first_code.source

    def close(step, where):
        assert step == FRAMEWORKS, (
            f'{path.name}: the code step ending before cell {where} has tabs '
            f'{step}; it must be {FRAMEWORKS} (one cell each) or %%tab all')

    step = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != 'code' or cell is first_code:
            if step:
                close(step, i)
                step = []
            continue
        tabs = _tab_of(cell)
        assert tabs, f'{path.name}: code cell {i} does not start with %%tab'
        if tabs == ['all']:
            if step:
                close(step, i)
                step = []
            continue
        assert len(tabs) == 1 and tabs[0] in FRAMEWORKS, (
            f'{path.name}: code cell {i} has tab {tabs}; use one of '
            f'{FRAMEWORKS} or all')
        step.append(tabs[0])
    if step:
        close(step, len(nb.cells))


@pytest.mark.parametrize('lang,page,path', SOURCES, ids=source_ids())
def test_tab_blocks_are_well_formed(lang, page, path):
    """Every :begin_tab: names a known framework and is closed by :end_tab:;
    a markdown cell with tab blocks gives all four, in order."""
    nb = read(path)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != 'markdown':
            continue
        open_tab, seen = None, []
        for line in cell.source.splitlines():
            match = MARK.match(line.strip())
            if not match:
                continue
            if match[1] == 'begin_tab':
                assert open_tab is None, (
                    f'{path.name}: cell {i}: :begin_tab: inside the '
                    f'{open_tab} block')
                assert match[3] in FRAMEWORKS, (
                    f'{path.name}: cell {i}: :begin_tab:`{match[3]}` is not '
                    f'one of {FRAMEWORKS}')
                open_tab = match[3]
                seen.append(open_tab)
            else:
                assert open_tab is not None, (
                    f'{path.name}: cell {i}: :end_tab: without :begin_tab:')
                open_tab = None
        assert open_tab is None, (
            f'{path.name}: cell {i}: the {open_tab} block is not closed by '
            ':end_tab:')
        assert not seen or seen == FRAMEWORKS, (
            f'{path.name}: cell {i} has tab blocks {seen}; give all of '
            f'{FRAMEWORKS}, in order')


@pytest.mark.parametrize('lang,page,path', SOURCES, ids=source_ids())
def test_source_cell_ids_are_stable(lang, page, path):
    """Ids c00, c01... by position: regeneration and the split stay stable."""
    nb = read(path)
    nbformat.validate(nb)
    for i, cell in enumerate(nb.cells):
        assert cell.get('id') == f'c{i:02d}', (
            f'{path.name}: cell {i} has id {cell.get("id")!r}, expected c{i:02d}')


@pytest.mark.parametrize('lang,page,path', SOURCES, ids=source_ids())
def test_sources_have_no_outputs(lang, page, path):
    nb = read(path)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == 'code':
            assert not cell.outputs, f'{path.name}: cell {i} has outputs'
            assert cell.execution_count is None, (
                f'{path.name}: cell {i} has an execution count')


@pytest.mark.parametrize('fw', FRAMEWORKS)
@pytest.mark.parametrize('lang', LANGUAGES)
@pytest.mark.parametrize('page', PAGES)
def test_trained_models_reach_accuracy(page, lang, fw):
    """Each `trainer.fit` cell of an executed notebook printed its final
    summary after the last epoch, with a validation accuracy that holds up."""
    path = split_notebooks.target(ROOT, lang, fw, page)
    assert path.exists(), f'{path} is missing: run make notebooks FW={fw}'
    nb = read(path)
    fits = [c for c in nb.cells
            if c.cell_type == 'code' and 'trainer.fit(' in c.source]
    assert fits, f'{path}: no trainer.fit cell'
    for cell in fits:
        text = ''.join(o.get('text', '') for o in cell.outputs
                       if o.output_type == 'stream' and o.name == 'stdout')
        found = SUMMARY.findall(text)
        assert found, (f'{path}: cell {cell.id} printed no training summary; '
                       f'run make notebooks FW={fw}')
        epoch, _, _, val_acc = found[-1]
        assert int(epoch) == EPOCHS, (
            f'{path}: cell {cell.id} stopped at epoch {epoch}, not {EPOCHS}')
        assert float(val_acc) >= MIN_VAL_ACC, (
            f'{path}: cell {cell.id} reached val_acc {val_acc} < {MIN_VAL_ACC}')

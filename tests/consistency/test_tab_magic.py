"""The two ways of running a page run the same code.

An author runs the tabbed source ``chapters/<lang>/<page>.ipynb`` in Jupyter,
where d2lbook's ``%%tab`` magic runs a cell's body when the cell is marked
for the selected framework (or ``all``) and skips it otherwise; CI, the book
and Colab run ``notebooks/<lang>/<fw>/<page>.ipynb``, made by the splitter.
For every page, language and framework, the code the magic would run must
be the code cells of that framework's notebook, in the same order.

The magic is d2lbook's own: each source cell goes through IPython's input
transformer, exactly as a kernel would turn it into a call of the cell
magic, and that call reaches ``d2lbook.tab.Tab.tab`` with a shell that
records the code it is asked to run. Left out on each side: the source's
first cell, which loads the magic and selects the framework, and the set-up
cells the split puts at the top of a notebook for Colab.
"""

import types

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from d2l_local import registry

d2lbook_tab = pytest.importorskip('d2lbook.tab')
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CASES = [
    (lang, path.stem, fw)
    for lang in registry.language_codes()
    for path in sorted((ROOT / 'chapters' / lang).glob('*.ipynb'))
    for fw in registry.framework_keys()
]
LOADER = '%load_ext d2lbook.tab'


class RecordingShell:
    """Stands in for the kernel: keeps the code it is asked to run."""

    def __init__(self):
        self.ran = []

    def run_cell(self, code):
        self.ran.append(code)

    def run_cell_magic(self, name, line, cell):
        assert name == 'tab', f'unexpected cell magic %%{name}'
        magic = d2lbook_tab.Tab.tab
        # Tab.tab is d2lbook's method; it only uses self.shell.
        magic(types.SimpleNamespace(shell=self), line, cell)


def magic_runs(source, fw, monkeypatch):
    """The code d2lbook's magic runs from `source` with `fw` selected."""
    # What tab.select_tab(fw) leaves behind, minus its file in /tmp.
    monkeypatch.setattr(d2lbook_tab, '_TAB', fw)
    monkeypatch.setattr(d2lbook_tab, '_LOG', lambda message: None)
    shell = RecordingShell()
    transform = TransformerManager().transform_cell
    for cell in source.cells:
        if cell.cell_type != 'code' or cell.source.lstrip().startswith(LOADER):
            continue
        python = transform(cell.source)
        if python.startswith('get_ipython().run_cell_magic('):
            eval(python, {'get_ipython': lambda: shell})
        else:
            shell.run_cell(cell.source)  # a cell without magic always runs
    return shell.ran


def notebook_code(nb):
    return [
        cell.source
        for cell in nb.cells
        if cell.cell_type == 'code' and not cell.metadata.get('d2l_setup')
    ]


def test_there_is_something_to_compare():
    assert {lang for lang, _, _ in CASES} == set(registry.language_codes())
    assert len(CASES) >= 2 * len(registry.framework_keys())


@pytest.mark.parametrize('lang,page,fw', CASES, ids=['/'.join(c) for c in CASES])
def test_tab_magic_runs_the_code_of_the_framework_notebook(lang, page, fw, monkeypatch):
    source = nbformat.read(ROOT / 'chapters' / lang / f'{page}.ipynb', as_version=4)
    target = ROOT / 'notebooks' / lang / fw / f'{page}.ipynb'
    # IPython ends every cell it transforms with a newline; that is no
    # difference in the code.
    ran = [c.removesuffix('\n') for c in magic_runs(source, fw, monkeypatch)]
    code = notebook_code(nbformat.read(target, as_version=4))
    assert ran, f'{lang}/{page}: the magic runs nothing for {fw}'
    for n, (a, b) in enumerate(zip(ran, code)):
        assert a == b, (
            f'{lang}/{page}, {fw}: code cell {n} differs\n'
            f'--- run by %%tab in the source:\n{a}\n--- in {target}:\n{b}'
        )
    assert len(ran) == len(code), (
        f'{lang}/{page}, {fw}: the magic runs {len(ran)} cells, '
        f'the notebook has {len(code)}'
    )

#!/usr/bin/env python
"""Split the tabbed chapter notebooks into one plain notebook per framework.

    chapters/<lang>/<page>.ipynb  ->  notebooks/<lang>/<fw>/<page>.ipynb

Each generated notebook starts with a Colab set-up markdown cell and code cell
(``metadata.d2l_setup = true``), followed by the source cells that belong to
its framework: ``%%tab <fw>`` and ``%%tab all`` code cells without their
``%%tab`` line, and markdown cells without the other frameworks'
``:begin_tab:`` blocks, without this framework's block markers and without
``:label:`` lines. Every such cell records the index of its source cell in
``metadata.d2l_source``.

Usage:
    python tools/split_notebooks.py [--fw pytorch ...]   write the notebooks
    python tools/split_notebooks.py --check              compare, exit 1 if stale
    python tools/split_notebooks.py --clean NB ...       strip volatile metadata
                                                         after execution
"""
import argparse
import copy
import re
import sys
import types
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = ['mxnet', 'pytorch', 'tensorflow', 'jax']
LANGUAGES = ['en', 'zh']
FRAMEWORK_NAMES = {'mxnet': 'MXNet', 'pytorch': 'PyTorch',
                   'tensorflow': 'TensorFlow', 'jax': 'JAX'}
# The default tab of d2lbook: code cells without `%%tab` (only the
# `%load_ext d2lbook.tab` cell here) belong to it and are dropped.
DEFAULT_TAB = 'all'
KERNELSPEC = {'display_name': 'Python 3', 'language': 'python',
              'name': 'python3'}
LABEL_LINE = re.compile(r'^:label:`[^`]*`\s*$')


def _d2lbook_notebook():
    """Import d2lbook.notebook, tolerating an environment without notedown.

    d2lbook.notebook imports notedown for reading markdown files, and
    notedown imports pkg_resources, which recent setuptools no longer ships.
    The functions used here never touch notedown, so an empty stand-in is
    enough when the real one cannot be imported.
    """
    try:
        from d2lbook import notebook
    except ImportError as err:
        if 'pkg_resources' not in str(err) and 'notedown' not in str(err):
            raise
        for name in [m for m in sys.modules
                     if m == 'notedown' or m.startswith('notedown.')]:
            del sys.modules[name]
        sys.modules['notedown'] = types.ModuleType('notedown')
        from d2lbook import notebook
    return notebook


d2lnb = _d2lbook_notebook()


# ---------------------------------------------------------------- config ---

def repository(config=ROOT / '_config.yml'):
    """Return (url, branch) of the book's repository from _config.yml."""
    import yaml
    if not config.exists():
        sys.exit(f'split_notebooks: {config} is missing; it must set '
                 'repository.url and repository.branch')
    with open(config, encoding='utf-8') as f:
        repo = (yaml.safe_load(f) or {}).get('repository') or {}
    url, branch = repo.get('url'), repo.get('branch')
    if not url or not branch:
        sys.exit(f'split_notebooks: {config} must set repository.url and '
                 'repository.branch (the Colab set-up installs d2l_local '
                 'from there)')
    return str(url).rstrip('/'), str(branch)


# ---------------------------------------------------------- set-up cells ---

SETUP_MD = {
    'en': {
        'colab': (
            '**Running this notebook.** This is the {name} version of '
            '*{title}*, a page of the book [{repo}]({url}). In Colab, run the '
            'cells from the top: the first code cell installs the small '
            'helper package `d2l_local` from the book\'s repository, and '
            'Fashion-MNIST is downloaded the first time it is needed. '
            'Locally, in the environment that `make notebooks FW={fw}` '
            'builds, that cell does nothing.'),
        'mxnet': (
            '**Running this notebook.** This is the MXNet version of '
            '*{title}*, a page of the book [{repo}]({url}).\n\n'
            '**It cannot run on current Colab.** Colab provides Python 3.13 '
            'and numpy 2, whereas MXNet 1.9.1, the last MXNet release, needs '
            'a numpy older than 1.24, and no such numpy exists for Python '
            '3.13. Run it locally instead, in the environment the repository '
            'builds for MXNet:\n\n'
            '```bash\n'
            'git clone {url}\n'
            'cd {dirname}\n'
            'make notebooks FW=mxnet  # build the MXNet environment, run this notebook\n'
            'make test FW=mxnet       # or: run the tests, which re-run it\n'
            '```\n\n'
            'The first code cell stops with this explanation when it finds '
            'itself in Colab; locally it does nothing.'),
    },
    'zh': {
        'colab': (
            '**如何运行本笔记本**：这是 [{repo}]({url}) 一书中'
            '《{title}》一节的 {name} 版本。在 Colab 中请从头依次运行：'
            '第一个代码单元会从本书的仓库安装小型辅助包 `d2l_local`，'
            'Fashion-MNIST 数据集会在首次用到时自动下载。在本地由 '
            '`make notebooks FW={fw}` 构建的环境中，这个单元什么也不做。'),
        'mxnet': (
            '**如何运行本笔记本**：这是 [{repo}]({url}) 一书中'
            '《{title}》一节的 MXNet 版本。\n\n'
            '**它无法在当前的 Colab 上运行。** Colab 提供的是 Python 3.13 '
            '和 numpy 2，而 MXNet 的最后一个版本 1.9.1 要求 numpy 低于 '
            '1.24，这样老的 numpy 在 Python 3.13 上根本装不上。请在本地运行，'
            '使用仓库为 MXNet 构建的环境：\n\n'
            '```bash\n'
            'git clone {url}\n'
            'cd {dirname}\n'
            'make notebooks FW=mxnet  # 构建 MXNet 环境并运行本笔记本\n'
            'make test FW=mxnet       # 或者运行测试，测试会重新执行本笔记本\n'
            '```\n\n'
            '第一个代码单元若发现自己运行在 Colab 中，会给出上述说明并停止；'
            '在本地它什么也不做。'),
    },
}

SETUP_CODE_INSTALL = """\
if importlib.util.find_spec('d2l_local') is None:
    package = 'd2l_local @ git+{url}@{branch}'
    subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', package],
                   check=True)
    importlib.invalidate_caches()"""

SETUP_CODE_MXNET_GUARD = """\
if 'google.colab' in sys.modules:
    raise RuntimeError(
        'MXNet 1.9.1 cannot run on current Colab: Colab has Python 3.13 and '
        'numpy 2, while MXNet 1.9.1 needs numpy < 1.24, which does not exist '
        'for Python 3.13. Run this notebook locally instead: clone '
        '{url} and run `make notebooks FW=mxnet` '
        '(or `make test FW=mxnet`) in the clone.')"""


def setup_cells(lang, fw, title, url, branch):
    """The Colab set-up markdown and code cells of a framework notebook."""
    repo = re.sub(r'^https?://(www\.)?github\.com/', '', url)
    text = SETUP_MD[lang]['mxnet' if fw == 'mxnet' else 'colab'].format(
        name=FRAMEWORK_NAMES[fw], title=title, repo=repo, url=url, fw=fw,
        dirname=url.rsplit('/', 1)[-1].removesuffix('.git'))
    if fw == 'mxnet':
        comment = ('# Set-up: stop with an explanation in Colab; install '
                   'd2l_local if missing (silent here).')
    else:
        comment = ('# Set-up for Colab: install d2l_local if it is missing '
                   '(silent when it is installed).')
    parts = [comment, 'import importlib.util\nimport subprocess\nimport sys']
    if fw == 'mxnet':
        parts.append(SETUP_CODE_MXNET_GUARD.format(url=url))
    parts.append(SETUP_CODE_INSTALL.format(url=url, branch=branch))
    code = parts[0] + '\n' + '\n\n'.join(parts[1:])
    md = nbformat.v4.new_markdown_cell(text, id='setup-md',
                                       metadata={'d2l_setup': True})
    cc = nbformat.v4.new_code_cell(code, id='setup-code',
                                   metadata={'d2l_setup': True})
    return [md, cc]


# ----------------------------------------------------------------- split ---

def _title(nb):
    for cell in nb.cells:
        if cell.cell_type == 'markdown':
            for line in cell.source.splitlines():
                if line.startswith('# '):
                    return line[2:].strip()
    raise ValueError('the source notebook has no "# " title line')


def _tagged_source_cells(src):
    """Source cells with their index in metadata, tab blocks split out.

    d2lbook's split_markdown_cell merges neighbouring markdown cells, which
    would lose the source index, so it is applied to one cell at a time.
    """
    cells = []
    for i, cell in enumerate(src.cells):
        if cell.cell_type == 'markdown':
            one = d2lnb.create_new_notebook(src, [copy.deepcopy(cell)])
            parts = d2lnb.split_markdown_cell(one).cells
        else:
            parts = [copy.deepcopy(cell)]
        for part in parts:
            part.metadata['d2l_source'] = i
            cells.append(part)
    return d2lnb.create_new_notebook(src, cells)


def split(src, lang, fw, url, branch):
    """Return the plain notebook of framework `fw` for source notebook `src`."""
    tagged = _tagged_source_cells(copy.deepcopy(src))
    tab_nb = d2lnb.get_tab_notebook(tagged, fw, DEFAULT_TAB)
    if tab_nb is None:
        raise ValueError(f'the source has no cell for framework {fw!r}')
    merged = []  # one cell per source cell: rejoin markdown pieces
    for cell in tab_nb.cells:
        i = cell.metadata['d2l_source']
        source = cell.source
        if cell.cell_type == 'markdown':
            source = '\n'.join(line for line in source.splitlines()
                               if not LABEL_LINE.match(line))
        source = source.strip()
        if not source:
            continue
        if merged and merged[-1][0] == i and cell.cell_type == 'markdown':
            merged[-1][2].append(source)
        else:
            merged.append((i, cell.cell_type, [source]))
    cells = setup_cells(lang, fw, _title(src), url, branch)
    for i, kind, pieces in merged:
        source = '\n\n'.join(pieces)
        cell_id = src.cells[i].get('id') or f'c{i:02d}'
        meta = {'d2l_source': i}
        if kind == 'code':
            cells.append(nbformat.v4.new_code_cell(source, id=cell_id,
                                                   metadata=meta))
        else:
            cells.append(nbformat.v4.new_markdown_cell(source, id=cell_id,
                                                       metadata=meta))
    nb = nbformat.v4.new_notebook(cells=cells, metadata={
        'kernelspec': dict(KERNELSPEC), 'language_info': {'name': 'python'}})
    nb.nbformat, nb.nbformat_minor = 4, 5
    nbformat.validate(nb)
    return nb


def sources(root=ROOT):
    """(lang, page, path) of every tabbed source notebook."""
    found = []
    for lang in LANGUAGES:
        for path in sorted((root / 'chapters' / lang).glob('*.ipynb')):
            found.append((lang, path.stem, path))
    return found


def target(root, lang, fw, page):
    return root / 'notebooks' / lang / fw / f'{page}.ipynb'


def expected(root=ROOT, frameworks=FRAMEWORKS):
    """{target path: fresh split} for every source and framework."""
    url, branch = repository(root / '_config.yml')
    out = {}
    for lang, page, path in sources(root):
        src = nbformat.read(str(path), as_version=4)
        for fw in frameworks:
            out[target(root, lang, fw, page)] = split(src, lang, fw, url,
                                                      branch)
    return out


# ----------------------------------------------------------------- check ---

def normalize(nb):
    """What must match between a committed notebook and a fresh split:
    everything except outputs, execution counts and run-time metadata."""
    cells = []
    for cell in nb.cells:
        meta = {k: v for k, v in cell.get('metadata', {}).items()
                if k.startswith('d2l_')}
        cells.append((cell.cell_type, cell.get('id'), cell.source,
                      sorted(meta.items())))
    kernel = nb.metadata.get('kernelspec', {})
    return (nb.nbformat, nb.nbformat_minor, cells,
            kernel.get('name'), kernel.get('display_name'),
            nb.metadata.get('language_info', {}).get('name'))


def stale(root=ROOT):
    """Relative paths of generated notebooks that differ from a fresh split,
    are missing, or have no source any more."""
    fresh = expected(root)
    bad = []
    for path, nb in fresh.items():
        if not path.exists():
            bad.append(f'{path.relative_to(root)} (missing)')
            continue
        committed = nbformat.read(str(path), as_version=4)
        if normalize(committed) != normalize(nb):
            bad.append(str(path.relative_to(root)))
    for path in sorted((root / 'notebooks').glob('*/*/*.ipynb')):
        if path not in fresh:
            bad.append(f'{path.relative_to(root)} (no source)')
    return bad


def check_message(bad):
    return ('These per-framework notebooks do not match their tabbed '
            'sources in chapters/:\n  ' + '\n  '.join(bad) +
            '\nRegenerate and re-execute them: run make notebooks '
            '(e.g. make notebooks FW=pytorch).')


# ----------------------------------------------------------------- clean ---

VOLATILE_CELL_KEYS = ('execution', 'ExecuteTime')


def clean(path):
    """Strip what changes from one execution to the next without meaning:
    execution timestamps in cell metadata and widget state."""
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
    nb.metadata.pop('widgets', None)
    nb.metadata['kernelspec'] = dict(KERNELSPEC)
    nbformat.write(nb, str(path))


# ------------------------------------------------------------------ main ---

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--check', action='store_true',
                        help='compare the committed notebooks with a fresh '
                             'split; exit 1 if any differs')
    parser.add_argument('--fw', nargs='+', choices=FRAMEWORKS,
                        default=FRAMEWORKS,
                        help='frameworks to write (default: all)')
    parser.add_argument('--clean', nargs='+', metavar='NB', type=Path,
                        help='strip volatile metadata from executed notebooks')
    args = parser.parse_args(argv)
    if args.clean:
        for path in args.clean:
            clean(path)
        return 0
    if args.check:
        bad = stale()
        if bad:
            print(check_message(bad), file=sys.stderr)
            return 1
        print('split_notebooks: all per-framework notebooks match their '
              'sources')
        return 0
    for path, nb in expected(frameworks=args.fw).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(path))
        print(f'split_notebooks: wrote {path.relative_to(ROOT)}')
    return 0


if __name__ == '__main__':
    sys.exit(main())

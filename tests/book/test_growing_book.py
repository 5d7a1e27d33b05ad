"""The fixture book grows by a page, a language and a framework: each is its
content plus one entry, and the book builds with no other edit.

In a temporary copy of the project (its code, the fixture book, and a git
repository that counts what each step touches):

(a) a third page, listed in both tocs, is found by the page table with the
    default policy, split, and built into the book and its report;
(b) a third language, ``xx`` (a copy of English), is its content plus one
    entry appended to d2l_local/registry.py (which places its book at `xx/`);
(c) a fifth framework, plain numpy run in the pytorch environment, is its
    content (a d2l_local module, a d2l_build/frameworks module, a tab in each
    page) plus one registry entry; the new page's numpy notebook is executed
    the way `make notebooks` does and passes the nbval suite the page table
    prints for it.

Every command runs the copy's code (working directory and PYTHONPATH), so
the registry entries are seen by every tool, the shell scripts and Sphinx
included, exactly as an edit of the real registry would be.
"""

import json
import os
import shutil
import subprocess

import pytest
from book_helpers import FIXTURES, REPO
from bs4 import BeautifulSoup

from d2l_local import registry

GROWTH = FIXTURES / 'growth'
# What the book build reads of the project. pyproject.toml and the
# requirements are copied byte for byte: tools/ensure_env.sh then finds the
# shared environments up to date and leaves them alone.
PROJECT = [
    'd2l_local',
    'd2l_build',
    'book_ext',
    'tools',
    '_static',
    'requirements',
    '_config.yml',
    'pages.toml',
    'index.md',
    'pyproject.toml',
    'requirements.txt',
    *registry.translations(),
]
PAGE = 'tiny-fit'
NEW_LANG, NEW_FW = 'xx', 'numpy'
LANGS = [*registry.language_codes(), NEW_LANG]
TINY_FIT = (
    'data = d2l.SyntheticImages(n=300)\n'
    'model = d2l.SoftmaxRegression(lr=0.01)\n'
    'trainer = d2l.Trainer(max_epochs=1)\n'
    'trainer.fit(model, data)'
)
NUMPY_IMPORTS = 'from d2l_local import numpy as d2l\nimport numpy as np'


def sh(copy, *cmd, **env):
    result = subprocess.run(
        [str(c) for c in cmd],
        cwd=copy,
        env={**os.environ, 'PYTHONPATH': str(copy), **env},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, (
        f'{cmd}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}'
    )
    return result.stdout


def git(copy, *args):
    return sh(copy, 'git', '-c', 'user.name=t', '-c', 'user.email=t@t', *args)


def step(copy, message):
    """Commit the step; return (existing files it changed, files it added)."""
    git(copy, 'add', '-A')
    git(copy, 'commit', '-qm', message)
    changed = git(copy, 'diff', '--name-status', 'HEAD~1', 'HEAD').splitlines()
    touched = sorted(line.split('\t')[1] for line in changed if line[0] == 'M')
    added = sorted(line.split('\t')[1] for line in changed if line[0] == 'A')
    return touched, added


def split_new(copy):
    """Write the per-framework notebooks that do not exist yet (the split of
    `make notebooks`; existing ones keep the fixture's outputs)."""
    sh(
        copy,
        REPO / '.venv' / 'book' / 'bin' / 'python',
        '-c',
        'from d2l_build import split_notebooks as s\n'
        'import nbformat\n'
        'for path, nb in s.expected().items():\n'
        '    if not path.exists():\n'
        '        path.parent.mkdir(parents=True, exist_ok=True)\n'
        '        nbformat.write(nb, str(path))\n',
    )


def add_entry(copy, entry):
    """The entry goes into the registry after its lists, before the code
    that reads them."""
    path = copy / 'd2l_local' / 'registry.py'
    text = path.read_text(encoding='utf-8')
    anchor = '\n\ndef framework_keys():'
    assert anchor in text
    path.write_text(text.replace(anchor, '\n' + entry.read_text() + anchor))


def refill(copy):
    """The fixture's made-up outputs, in the re-split notebooks of the
    languages and frameworks it has them for."""
    from fixtures import make_fixtures as mf

    for lang in registry.language_codes():
        for fw in registry.framework_keys():
            for path in (copy / 'notebooks' / lang / fw).glob('*.ipynb'):
                nb = json.loads(path.read_text(encoding='utf-8'))
                for cell in nb['cells']:
                    if (
                        cell['cell_type'] == 'code'
                        and 'd2l_setup' not in cell['metadata']
                    ):
                        cell['outputs'] = mf.outputs_for(''.join(cell['source']), fw)
                write_json(path, nb)


def toc_add(toc, line, before):
    text = toc.read_text(encoding='utf-8')
    toc.write_text(text.replace(before, f'{line}\n{before}'), encoding='utf-8')


def source(lang, frameworks):
    from fixtures import make_fixtures as mf

    cells = [
        mf.code(f'%load_ext d2lbook.tab\ntab.interact_select({list(frameworks)!r})'),
        mf.md(f'# A tiny fit (fixture)\n:label:`sec_{PAGE}`\n\nOne epoch, {lang}.'),
        *[mf.code(f'%%tab {fw}\n{mf.IMPORTS[fw]}') for fw in frameworks],
        mf.md('## Training\n\nA softmax regression on a few hundred images.'),
        mf.code(f'%%tab all\n{TINY_FIT}'),
    ]
    return mf.notebook(cells, f'A fixture page with one short fit ({lang}).')


def write_json(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + '\n', 'utf-8')


def add_numpy_tab(path):
    """The numpy import cell after the last framework's, and numpy among
    the tab magic's choices."""
    nb = json.loads(path.read_text(encoding='utf-8'))
    cells = nb['cells']
    last = max(
        i
        for i, c in enumerate(cells)
        if c['cell_type'] == 'code'
        and ''.join(c['source']).startswith('%%tab ')
        and not ''.join(c['source']).startswith('%%tab all')
    )
    cells.insert(
        last + 1,
        {
            'cell_type': 'code',
            'execution_count': None,
            'id': 'numpy-imports',
            'metadata': {},
            'outputs': [],
            'source': f'%%tab {NEW_FW}\n{NUMPY_IMPORTS}',
        },
    )
    loader = cells[0]
    loader['source'] = ''.join(loader['source']).replace("'])", f"', '{NEW_FW}'])")
    write_json(path, nb)


@pytest.fixture(scope='module')
def grown(tmp_path_factory):
    copy = tmp_path_factory.mktemp('growing') / 'book'
    copy.mkdir()
    ignore = shutil.ignore_patterns('__pycache__', '_build', 'locale')
    for name in PROJECT:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, copy / name, ignore=ignore)
        else:
            shutil.copy(src, copy / name)
    for lang in registry.translations():  # Sphinx compiles catalogues here
        if (REPO / lang / 'locale').is_dir():
            shutil.copytree(REPO / lang / 'locale', copy / lang / 'locale')
    shutil.copy(FIXTURES / '_toc.yml', copy / '_toc.yml')
    for lang in registry.translations():
        shutil.copy(FIXTURES / f'{lang}_toc.yml', copy / lang / '_toc.yml')
    for name in ('chapters', 'notebooks'):
        shutil.copytree(FIXTURES / name, copy / name)
    for name in ('.venv', '.cache'):
        (copy / name).symlink_to(REPO / name)
    (copy / '.gitignore').write_text('.venv\n.cache\n_build/\nreports/\n__pycache__/\n')
    git(copy, 'init', '-q')
    git(copy, 'add', '-A')
    git(copy, 'commit', '-qm', 'the fixture book')
    steps = {}

    # (a) a page: its sources and a line in each toc.
    for lang in registry.language_codes():
        write_json(
            copy / 'chapters' / lang / f'{PAGE}.ipynb',
            source(lang, registry.framework_keys()),
        )
        toc = copy / (
            '_toc.yml' if lang == registry.source_language() else f'{lang}/_toc.yml'
        )
        toc_add(toc, f'  - file: chapters/{lang}/{PAGE}', f'  - file: reports/{lang}/')
    steps['page'] = step(copy, 'a page')
    split_new(copy)
    git(copy, 'add', '-A')
    git(copy, 'commit', '-qm', 'its notebooks')

    # (b) a language: its content (English copied under xx) and one entry.
    for path in sorted((copy / 'chapters' / 'en').glob('*.ipynb')):
        write_json(
            copy / 'chapters' / NEW_LANG / path.name, json.loads(path.read_text())
        )
    (copy / NEW_LANG).mkdir()
    shutil.copy(GROWTH / NEW_LANG / '_config.yml', copy / NEW_LANG / '_config.yml')
    shutil.copy(copy / 'index.md', copy / NEW_LANG / 'index.md')
    toc = (copy / '_toc.yml').read_text(encoding='utf-8')
    (copy / NEW_LANG / '_toc.yml').write_text(
        toc.replace('chapters/en/', f'chapters/{NEW_LANG}/').replace(
            'reports/en/', f'reports/{NEW_LANG}/'
        )
    )
    add_entry(copy, GROWTH / 'registry_language.py')
    steps['language'] = step(copy, 'a language')

    # (c) a framework: its modules, its tab in each page, one entry.
    shutil.copy(GROWTH / 'd2l_numpy.py', copy / 'd2l_local' / 'numpy.py')
    shutil.copy(
        GROWTH / 'facts_numpy.py', copy / 'd2l_build' / 'frameworks' / 'numpy.py'
    )
    for path in sorted((copy / 'chapters').glob('*/*.ipynb')):
        add_numpy_tab(path)
    add_entry(copy, GROWTH / 'registry_framework.py')
    steps['framework'] = step(copy, 'a framework')

    # What `make notebooks` does: split every page anew (the new tab moves
    # the cells after it); the fixture's made-up outputs go back in place of
    # an execution, and the new page's numpy notebook is executed in its
    # environment and recorded, its outputs shared with the translations.
    sh(
        copy,
        REPO / '.venv' / 'book' / 'bin' / 'python',
        '-m',
        'd2l_build.split_notebooks',
    )
    refill(copy)
    env = registry.framework('pytorch').env  # the registry entry's env
    py = copy / '.venv' / env / 'bin' / 'python'
    nb = f'notebooks/en/{NEW_FW}/{PAGE}.ipynb'
    kernels = {'JUPYTER_PATH': str(copy / '.venv' / env / 'share' / 'jupyter')}
    sh(copy, py, '-m', 'd2l_build.execute_notebook', nb, **kernels)
    sh(copy, py, '-m', 'd2l_build.execution_record', 'record', nb)
    sh(copy, py, '-m', 'd2l_build.split_notebooks', '--clean', nb)
    for lang in registry.translations():
        sh(
            copy,
            py,
            '-m',
            'd2l_build.share_outputs',
            nb,
            nb.replace('/en/', f'/{lang}/'),
        )
    # The new language shows the source's outputs, as every translation does.
    sh(
        copy,
        py,
        '-c',
        'import pathlib\n'
        'from d2l_build.share_outputs import share\n'
        "for nb in sorted(pathlib.Path('notebooks/en').glob('*/*.ipynb')):\n"
        f"    share(nb, pathlib.Path(str(nb).replace('en/', '{NEW_LANG}/', 1)))\n",
    )
    return copy, steps


def test_the_page_table_lists_the_new_page_with_the_default_policy(grown):
    copy, steps = grown
    assert sh(copy, 'python3', '-m', 'd2l_build.pages', 'list').split() == [
        'mlp-implementation',
        'tensor-recap',
        PAGE,
    ]
    assert sh(copy, 'python3', '-m', 'd2l_build.pages', 'show', PAGE).startswith(
        f'{PAGE} (default): fits=0, epochs=None, min_val_acc=None, '
        'tolerance=machines, colab_tolerance=colab'
    )
    touched, added = steps['page']
    assert touched == ['_toc.yml', 'zh/_toc.yml']
    assert added == [
        f'chapters/{lang}/{PAGE}.ipynb' for lang in registry.language_codes()
    ]


def test_a_language_is_its_content_and_one_registry_entry(grown):
    copy, steps = grown
    touched, added = steps['language']
    assert touched == ['d2l_local/registry.py'], touched
    assert all(p.startswith((f'chapters/{NEW_LANG}/', f'{NEW_LANG}/')) for p in added)
    langs = sh(copy, 'python3', '-m', 'd2l_local.registry', 'languages').split()
    assert langs == [*registry.language_codes(), NEW_LANG]


def test_a_framework_is_its_content_and_one_registry_entry(grown):
    copy, steps = grown
    touched, added = steps['framework']
    content = [p for p in touched if p.startswith('chapters/')]
    assert sorted(set(touched) - set(content)) == ['d2l_local/registry.py'], touched
    assert added == ['d2l_build/frameworks/numpy.py', 'd2l_local/numpy.py']
    assert len(content) == 9  # its tab in each of 3 pages in 3 languages
    for lang in LANGS:
        for page in ('mlp-implementation', 'tensor-recap', PAGE):
            assert (copy / 'notebooks' / lang / NEW_FW / f'{page}.ipynb').is_file()


def test_the_new_pages_numpy_notebook_passes_the_suite_the_table_prints(grown):
    copy, _ = grown
    lines = sh(
        copy, 'python3', '-m', 'd2l_build.pages', 'nbval-args', '--fw', NEW_FW
    ).splitlines()
    suites = {line.split('\t')[0]: line.split('\t')[1:] for line in lines}
    notebooks, options, seconds = suites[f'nbval-{PAGE}-{NEW_FW}']
    assert float(seconds) > 0  # its execution record, by which it is scheduled
    assert options == '--metric-tolerance machines'
    py = copy / '.venv' / registry.framework('pytorch').env / 'bin' / 'python'
    nbval = ['--nbval', '-p', 'no:randomly', '-p', 'd2l_build.nbval_metrics.plugin']
    out = sh(
        copy, py, '-m', 'pytest', '-q', *nbval, *options.split(), *notebooks.split()
    )
    assert ' passed' in out and 'failed' not in out


@pytest.fixture(scope='module')
def html(grown):
    """The grown book's sites, and the new page's PDFs as `make book` prints
    them (the other pages' PDFs are the fixture book's, unchanged)."""
    copy, _ = grown
    sh(copy, 'bash', 'tools/book.sh', D2L_BOOK_HTML_ONLY='1')
    py = REPO / '.venv' / 'book' / 'bin' / 'python'
    sh(copy, py, '-m', 'd2l_build.pdfs', '--page', PAGE, '--jobs', '2')
    return copy / '_build' / 'html'


def read(path):
    return BeautifulSoup(path.read_text(encoding='utf-8'), 'html.parser')


@pytest.mark.parametrize('lang', LANGS)
def test_the_grown_book_has_the_page_language_and_framework(html, lang):
    site = html if lang == registry.source_language() else html / lang
    keys = [*registry.framework_keys(), NEW_FW]
    for page in ('mlp-implementation', 'tensor-recap', PAGE):
        doc = read(site / 'chapters' / lang / f'{page}.html')
        for tab_set in doc.select('div.sd-tab-set'):
            labels = [lab['data-sync-id'] for lab in tab_set.select(':scope > label')]
            assert labels == keys, (page, labels)
    doc = read(site / 'chapters' / lang / f'{PAGE}.html')
    assert 'val_acc' in doc.get_text()  # the numpy tab shows its recorded fit
    report = read(site / 'reports' / lang / 'execution.html').get_text()
    assert f'notebooks/{lang}/{NEW_FW}/{PAGE}.ipynb' in report
    assert 'A tiny fit (fixture)' in report
    # Printed: the new page's PDF in every framework, the new one included.
    manifest = json.loads((site / 'd2l-downloads.json').read_text(encoding='utf-8'))
    (entry,) = [e for e in manifest['pages'] if e['page'] == PAGE]
    assert sorted(entry['frameworks']) == sorted(keys)
    for info in entry['frameworks'].values():
        assert (site / info['pdf']).stat().st_size > 0, info['pdf']

#!/usr/bin/env python
"""Split the tabbed chapter notebooks into one plain notebook per framework.

    chapters/<lang>/<page>.ipynb  ->  notebooks/<lang>/<fw>/<page>.ipynb

Each generated notebook starts with a Colab set-up markdown cell and code cell
(``metadata.d2l_setup = true``), followed by the source cells that belong to
its framework: ``%%tab <fw>`` and ``%%tab all`` code cells without their
``%%tab`` line, and markdown cells without the other frameworks'
``:begin_tab:`` blocks, without this framework's block markers and without
``:label:`` lines. Every such cell records the index of its source cell in
``metadata.d2l_source``. The markup rules are d2l_build/markup.py's, the
same the book build uses. (d2lbook's own splitter is no longer run: it
merges neighbouring markdown cells, losing the source index the book needs,
and its notebook module imports notedown, which recent setuptools breaks.)

Usage:
    python -m d2l_build.split_notebooks [--fw pytorch ...]   write the notebooks
    python -m d2l_build.split_notebooks --check              compare, exit 1 if stale
    python -m d2l_build.split_notebooks --clean NB ...       strip volatile metadata
                                                         after execution
"""

import argparse
import re
import sys
from pathlib import Path

import nbformat

from d2l_build import markup
from d2l_build.checkout import ROOT
from d2l_local import registry

FRAMEWORKS = list(registry.framework_keys())
LANGUAGES = list(registry.language_codes())
KERNELSPEC = {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'}


# ---------------------------------------------------------------- config ---


def repository(config=ROOT / '_config.yml'):
    """Return (url, branch) of the book's repository from _config.yml."""
    import yaml

    if not config.exists():
        sys.exit(
            f'split_notebooks: {config} is missing; it must set '
            'repository.url and repository.branch'
        )
    with open(config, encoding='utf-8') as f:
        repo = (yaml.safe_load(f) or {}).get('repository') or {}
    url, branch = repo.get('url'), repo.get('branch')
    if not url or not branch:
        sys.exit(
            f'split_notebooks: {config} must set repository.url and '
            'repository.branch (the Colab set-up installs d2l_local '
            'from there)'
        )
    return str(url).rstrip('/'), str(branch)


# ---------------------------------------------------------- set-up cells ---

SETUP_CODE_INSTALL = """\
if importlib.util.find_spec('d2l_local') is None:
    package = 'd2l_local @ git+{url}@{branch}'
    subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', package],
                   check=True)
    importlib.invalidate_caches()"""

SETUP_CODE_COLAB_GUARD = """\
if 'google.colab' in sys.modules:
    raise RuntimeError(
{message})"""


def _string_lines(text, indent=8, width=80):
    """`text` as adjacent Python string literals, wrapped to `width`."""
    lines, line = [], ''
    for word in text.split(' '):
        if line and indent + len(repr(line + word + ' ')) > width:
            lines.append(line)
            line = ''
        line += word + ' '
    lines.append(line.rstrip(' '))
    return '\n'.join(' ' * indent + repr(part) for part in lines)


COLAB_PINS = ROOT / 'requirements' / 'colab.in'


def colab_tested(lang, info):
    """The sentence naming the Colab versions the notebook is tested with.

    Read from requirements/colab.in, the file the Colab environment of the
    tests is built from, so the note cannot name other versions.
    """
    text = COLAB_PINS.read_text(encoding='utf-8')
    runtime = re.search(r'^# colab-runtime: (\S+), Python (\S+)$', text, re.M)
    pins = dict(re.findall(r'^([\w.-]+)==(\S+)', text, re.M))
    versions = [f'{p} {pins[p]}' for p in ('numpy', *info.packages)]
    return registry.text(
        lang,
        'colab_tested',
        date=runtime.group(1),
        python=runtime.group(2),
        versions=registry.text(lang, 'list_sep').join(versions),
    )


def setup_cells(lang, fw, title, url, branch):
    """The Colab set-up markdown and code cells of a framework notebook."""
    info = registry.framework(fw)
    repo = re.sub(r'^https?://(www\.)?github\.com/', '', url)
    text = registry.text(
        lang,
        'setup_colab' if info.colab else 'setup_local',
        name=info.name,
        title=title,
        repo=repo,
        url=url,
        fw=fw,
        note=info.colab_note.get(lang, ''),
        dirname=url.rsplit('/', 1)[-1].removesuffix('.git'),
        tested=colab_tested(lang, info) if info.colab else '',
    )
    if not info.colab:
        comment = (
            '# Set-up: stop with an explanation in Colab; install '
            'd2l_local if missing (silent here).'
        )
    else:
        comment = (
            '# Set-up for Colab: install d2l_local if it is missing '
            '(silent when it is installed).'
        )
    parts = [comment, 'import importlib.util\nimport subprocess\nimport sys']
    if not info.colab:
        message = (
            f'{info.colab_error} Run this notebook locally instead: '
            f'clone {url} and run `make notebooks FW={fw}` '
            f'(or `make test FW={fw}`) in the clone.'
        )
        parts.append(SETUP_CODE_COLAB_GUARD.format(message=_string_lines(message)))
    parts.append(SETUP_CODE_INSTALL.format(url=url, branch=branch))
    code = parts[0] + '\n' + '\n\n'.join(parts[1:])
    md = nbformat.v4.new_markdown_cell(
        text, id='setup-md', metadata={'d2l_setup': True}
    )
    cc = nbformat.v4.new_code_cell(code, id='setup-code', metadata={'d2l_setup': True})
    return [md, cc]


# ----------------------------------------------------------------- split ---


def _title(nb):
    for cell in nb.cells:
        if cell.cell_type == 'markdown':
            for line in cell.source.splitlines():
                if line.startswith('# '):
                    return line[2:].strip()
    raise ValueError('the source notebook has no "# " title line')


def carried(cell):
    """The source cell's metadata that its split copies keep: its own metric
    tolerance and its tags (nbval's and the book's, e.g. nbval-ignore-output).
    Translation marks stay in the source."""
    meta = cell.get('metadata', {})
    return {k: v for k, v in meta.items() if k in ('d2l_metric_tolerance', 'tags')}


def cell_meta(cell):
    """The metadata a split cell must carry: the d2l_ keys and tags."""
    own = {k: v for k, v in cell.get('metadata', {}).items() if k.startswith('d2l_')}
    return sorted({**carried(cell), **own}.items())


def split(src, lang, fw, url, branch):
    """Return the plain notebook of framework `fw` for source notebook `src`."""
    try:
        merged = markup.split_cells(src.cells, fw, lang)
    except markup.MarkupError as err:
        raise ValueError(f'{lang}/{_title(src)}: {err}') from None
    if not any(kind == 'code' for _, kind, _ in merged):
        raise ValueError(f'the source has no cell for framework {fw!r}')
    cells = setup_cells(lang, fw, _title(src), url, branch)
    for i, kind, source in merged:
        cell_id = src.cells[i].get('id') or f'c{i:02d}'
        meta = {'d2l_source': i, **carried(src.cells[i])}
        if kind == 'code':
            cells.append(nbformat.v4.new_code_cell(source, id=cell_id, metadata=meta))
        else:
            cells.append(
                nbformat.v4.new_markdown_cell(source, id=cell_id, metadata=meta)
            )
    nb = nbformat.v4.new_notebook(
        cells=cells,
        metadata={'kernelspec': dict(KERNELSPEC), 'language_info': {'name': 'python'}},
    )
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
            out[target(root, lang, fw, page)] = split(src, lang, fw, url, branch)
    return out


# ----------------------------------------------------------------- check ---


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == 'code']


# Cell metadata that says how outputs are checked, not how they are made.
VERIFICATION_ONLY = ('d2l_metric_tolerance',)


def _code_shape(nb):
    """Everything of a notebook that its execution depends on: its code
    cells in order, with their source and metadata. (Prose cells do not
    count: a paragraph added or removed leaves the execution as it was; nor
    does a cell's own tolerance, which nbval reads from the fresh split.)"""
    return [
        (
            c.get('id'),
            c.source,
            [m for m in cell_meta(c) if m[0] not in VERIFICATION_ONLY],
        )
        for c in _code_cells(nb)
    ]


def with_outputs_of(path, new):
    """`new` with the outputs, execution counts and record of the notebook
    at `path`, if the two have the same code cells; None otherwise."""
    if not path.is_file():
        return None
    old = nbformat.read(str(path), as_version=4)
    if _code_shape(old) != _code_shape(new):
        return None
    for mine, theirs in zip(_code_cells(old), _code_cells(new)):
        theirs.outputs = mine.outputs
        theirs.execution_count = mine.execution_count
    new.metadata = old.metadata  # the execution record and kernel info
    return new


def normalize(nb):
    """What must match between a committed notebook and a fresh split:
    everything except outputs, execution counts and run-time metadata."""
    cells = []
    for cell in nb.cells:
        cells.append((cell.cell_type, cell.get('id'), cell.source, cell_meta(cell)))
    kernel = nb.metadata.get('kernelspec', {})
    return (
        nb.nbformat,
        nb.nbformat_minor,
        cells,
        kernel.get('name'),
        kernel.get('display_name'),
        nb.metadata.get('language_info', {}).get('name'),
    )


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
    return (
        'These per-framework notebooks do not match their tabbed '
        'sources in chapters/:\n  '
        + '\n  '.join(bad)
        + '\nRegenerate and re-execute them: run make notebooks '
        '(e.g. make notebooks FW=pytorch).'
    )


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
    parser.add_argument(
        '--check',
        action='store_true',
        help='compare the committed notebooks with a fresh '
        'split; exit 1 if any differs',
    )
    parser.add_argument(
        '--fw',
        nargs='+',
        choices=FRAMEWORKS,
        default=FRAMEWORKS,
        help='frameworks to write (default: all)',
    )
    parser.add_argument(
        '--keep-outputs',
        action='store_true',
        help='keep the outputs and execution record of a notebook whose '
        'code is unchanged (a prose edit needs no execution)',
    )
    parser.add_argument(
        '--clean',
        nargs='+',
        metavar='NB',
        type=Path,
        help='strip volatile metadata from executed notebooks',
    )
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
        print('split_notebooks: all per-framework notebooks match their sources')
        return 0
    to_execute = []
    for path, nb in expected(frameworks=args.fw).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if args.keep_outputs:
            kept = with_outputs_of(path, nb)
            if kept is None:  # left as it is: its outputs are worth keeping
                to_execute.append(path)
                continue
            nbformat.write(kept, str(path))
            print(f'split_notebooks: wrote {path.relative_to(ROOT)} (outputs kept)')
            continue
        nbformat.write(nb, str(path))
        print(f'split_notebooks: wrote {path.relative_to(ROOT)}')
    if to_execute:
        print(
            f'split_notebooks: {len(to_execute)} notebooks have other code than '
            'their sources and were left as they are: run make notebooks for '
            + ', '.join(str(p.relative_to(ROOT)) for p in to_execute),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env python
"""How each per-framework notebook was executed: recorded once, reported in the book.

    python -m d2l_build.execution_record record NB [--previous OLD]
        Run by `make notebooks` right after NB was executed, in the
        framework's own environment (it asks that environment for its
        versions and CPU capability), before split_notebooks.py --clean
        removes the cells' timing. Writes ``metadata.d2l_execution``: when,
        how long in all and per fit, the versions of Python, the framework
        and numpy, the CPU capability the framework used, and the rule CI
        verifies the outputs with. OLD is the committed notebook as it was
        before the run: when the code and outputs are the same as OLD's, its
        record is kept, so that running `make notebooks` again changes nothing.

    python -m d2l_build.execution_record report [--out reports]
        Writes one MyST page per language, ``<out>/<lang>/execution.md``,
        from the records alone (nothing is executed): the book build runs it.

Standard library and nbformat only.
"""

from __future__ import annotations

import argparse
import ast
import copy
import functools
import json
import os
import platform
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import nbformat

from d2l_build import frameworks, pages
from d2l_build.checkout import ROOT
from d2l_local import registry

KEY = pages.RECORD
FRAMEWORKS = {fw.key: fw.name for fw in registry.FRAMEWORKS}
LANGUAGES = list(registry.language_codes())
FIT = re.compile(r'\.fit\(')
FIELDS = ['executed', 'seconds', 'fits', 'python', 'framework', 'numpy', 'cpu', 'rule']

# Each framework's probe (d2l_build/frameworks) runs in a fresh interpreter
# of its environment and prints one JSON object, ending with the numpy it
# runs on. oneDNN names the instruction set it dispatched to when asked to
# be verbose; PyTorch and JAX say it themselves.
PROBE_END = "import numpy\nout['numpy'] = numpy.__version__\nprint(json.dumps(out))\n"
ONEDNN_ENV = {
    'ONEDNN_VERBOSE': '1',
    'DNNL_VERBOSE': '1',
    'MKLDNN_VERBOSE': '1',
    'TF_CPP_MIN_LOG_LEVEL': '2',
}


# ------------------------------------------------------------------ record ---


def tolerance(page: str = '') -> float:
    """The tolerance make test holds the page to in its framework's own
    environment (the page table, d2l_build/pages.py)."""
    return pages.tolerance(page)


def host_simd() -> str:
    """The widest SIMD extension the CPU offers, from /proc/cpuinfo."""
    try:
        info = Path('/proc/cpuinfo').read_text()
    except OSError:
        return platform.machine()
    flags = (
        set(re.search(r'^flags\s*:(.*)$', info, re.M).group(1).split())
        if 'flags' in info
        else set()
    )
    model = re.search(r'^model name\s*:\s*(.*)$', info, re.M)
    for flag, name in (
        ('avx512f', 'AVX-512'),
        ('avx2', 'AVX2'),
        ('avx', 'AVX'),
        ('sse4_2', 'SSE4.2'),
    ):
        if flag in flags:
            best = name
            break
    else:
        best = platform.machine()
    return f'{best} on {model.group(1).strip()}' if model else best


def probe(fw: str) -> dict:
    """Framework version and CPU capability, asked of this environment."""
    done = subprocess.run(
        [sys.executable, '-c', frameworks.facts(fw).PROBE + PROBE_END],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **ONEDNN_ENV},
    )
    if done.returncode != 0:
        raise SystemExit(
            f'execution_record: the {fw} probe failed:\n{done.stderr[-2000:]}'
        )
    lines = done.stdout.strip().splitlines()
    found = json.loads(lines[-1])
    isa = [
        re.search(r'isa:([^,]+)', line)
        for line in lines + done.stderr.splitlines()
        if 'verbose' in line
    ]
    isa = next((m.group(1).strip() for m in isa if m), None)
    if 'cpu' not in found:
        found['cpu'] = (
            f'oneDNN: {isa}'
            if isa
            else f'no oneDNN dispatch reported; host {host_simd()}'
        )
    elif fw == 'jax':
        found['cpu'] += f': {host_simd()}'
    return found


def _time(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace('Z', '+00:00'))


def _span(cell) -> tuple:
    timing = cell.get('metadata', {}).get('execution') or {}
    start = timing.get('iopub.execute_input') or timing.get('iopub.status.busy')
    end = timing.get('shell.execute_reply') or timing.get('iopub.status.idle')
    return (_time(start), _time(end)) if start and end else None


def _calls_a_trainer(node, trainers: set) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            f = sub.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, 'id', '')
            if name == 'fit' or name in trainers:
                return True
    return False


def trains(source: str, trainers: set) -> bool:
    """Whether running this cell trains: it calls `.fit(`, or a function
    that an earlier cell defined around a training call (such functions are
    added to `trainers` here, so `evaluate` calling `train` calling `.fit(`
    counts). A cell that only defines such functions trains nothing."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: judge by the text
        return bool(FIT.search(source))
    calls = False
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            if _calls_a_trainer(node, trainers):
                trainers.add(node.name)
        else:
            calls = calls or _calls_a_trainer(node, trainers)
    return calls


def timings(nb) -> dict:
    """Start, total seconds and per-fit seconds from nbclient's cell timing."""
    spans, fits, section, trainers = [], [], '', set()
    for cell in nb.cells:
        if cell.cell_type == 'markdown':
            # A fit is named by its section; one before any section (a page
            # without sections) by the page's title.
            heading = re.findall(r'^#{1,2}\s+(.+?)\s*$', cell.source, re.M)
            section = heading[-1] if heading else section
            continue
        span = _span(cell)
        if span is None:
            if cell.source.strip():
                raise SystemExit(
                    'execution_record: a code cell has no execution timing: '
                    'execute with nbclient/nbconvert (record_timing) and record before --clean'
                )
            continue
        spans.append(span)
        if trains(cell.source, trainers):
            seconds = (span[1] - span[0]).total_seconds()
            if fits and fits[-1]['section'] == section:
                seconds += fits.pop()['seconds']  # one row per section
            fits.append({'section': section, 'seconds': round(seconds, 1)})
    if not spans:
        raise SystemExit('execution_record: the notebook has no executed code cell')
    start, end = spans[0][0], max(s[1] for s in spans)
    return {
        'executed': start.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
        'seconds': round((end - start).total_seconds(), 1),
        'fits': fits,
    }


def framework_of(path: Path) -> str:
    fw = path.parent.name  # notebooks/<lang>/<fw>/<page>.ipynb
    if fw not in FRAMEWORKS:
        raise SystemExit(
            f'execution_record: {path} is not under notebooks/<lang>/<framework>/'
        )
    return fw


def make_record(nb, fw: str, probe_fn=probe, page: str = '') -> dict:
    found = probe_fn(fw)
    tol = tolerance(page)
    record = timings(nb)
    record.update(
        {
            'python': platform.python_version(),
            'framework': f'{FRAMEWORKS[fw]} {found["version"]}',
            'numpy': found['numpy'],
            'cpu': found['cpu'],
            'rule': f'text exact; metrics within ±{tol:g}',
            'tolerance': tol,
        }
    )
    return record


def signature(nb) -> list:
    """What an execution produced: code and outputs, nothing volatile."""
    return [
        (c.source, c.get('execution_count'), c.get('outputs'))
        for c in nb.cells
        if c.cell_type == 'code'
    ]


def record(path: Path, previous: Path | None = None, probe_fn=probe) -> bool:
    """Write the record into `path`; return True when it is a new one."""
    nb = nbformat.read(str(path), as_version=4)
    old = (
        nbformat.read(str(previous), as_version=4)
        if previous and previous.is_file()
        else None
    )
    if old is not None and KEY in old.metadata and signature(old) == signature(nb):
        nb.metadata[KEY] = copy.deepcopy(old.metadata[KEY])
        fresh = False
    else:
        nb.metadata[KEY] = make_record(nb, framework_of(path), probe_fn, path.stem)
        fresh = True
    nbformat.write(nb, str(path))
    return fresh


# ------------------------------------------------------------------ report ---

MISSING = '—'


def report_text(lang: str, key: str, **values) -> str:
    return registry.text(lang, f'report_{key}', **values)


def _cell(text) -> str:
    return str(text).replace('\n', ' ')


def groups(notebooks: Path) -> dict:
    """{(page, lang): {fw: (relative path, title, record or None)}} of every per-framework notebook."""
    found = {}
    for path in sorted(notebooks.glob('*/*/*.ipynb')):
        lang, fw = path.parent.parent.name, path.parent.name
        nb = json.loads(path.read_text(encoding='utf-8'))
        title = next(
            (
                line[2:].strip()
                for cell in nb['cells']
                if cell['cell_type'] == 'markdown'
                for line in ''.join(cell['source']).splitlines()
                if line.startswith('# ')
            ),
            path.stem,
        )
        found.setdefault((path.stem, lang), {})[fw] = (
            path.relative_to(notebooks.parent).as_posix(),
            title,
            nb.get('metadata', {}).get(KEY),
        )
    return found


def table(lang: str, notebooks: dict, page_name: str = '') -> list:
    """MyST lines of a table: one column per framework, one row per recorded fact."""
    text = functools.partial(report_text, lang)
    fws = sorted(
        notebooks, key=lambda fw: list(FRAMEWORKS).index(fw) if fw in FRAMEWORKS else 99
    )
    records = [notebooks[fw][2] or {} for fw in fws]
    rows = [[text('notebook')] + [f'`{notebooks[fw][0]}`' for fw in fws]]

    def row(label, value):
        rows.append([label] + [value(r) if r else MISSING for r in records])

    row(
        text('executed'),
        lambda r: r['executed'].replace('T', ' ').replace('Z', ''),
    )
    row(text('seconds'), lambda r: f'{r["seconds"]:.1f} s')
    # The fits, in notebook order, named by the section they train in.
    for i in range(max(len(r.get('fits', [])) for r in records)):
        section = next(
            r['fits'][i]['section'] for r in records if len(r.get('fits', [])) > i
        )
        row(
            text('fit', section=section),
            lambda r, i=i: (
                f'{r["fits"][i]["seconds"]:.1f} s' if len(r['fits']) > i else MISSING
            ),
        )
    for key in ('python', 'framework', 'numpy', 'cpu'):
        row(text(key), lambda r, key=key: r[key])
    # The rule CI applies now, which the page table decides.
    tol = tolerance(page_name)
    row(text('rule'), lambda r: text('rule_text', tol=tol))
    if not all(records):
        rows[1] = [rows[1][0]] + [
            text('missing') if not r else c for r, c in zip(records, rows[1][1:])
        ]
    # The corner names the first column: a header cell left empty leaves
    # screen readers nothing to announce for it (axe: empty-table-header).
    header = [text('corner')] + [FRAMEWORKS.get(fw, fw) for fw in fws]
    # A list-table, for its class: the report's stylesheet lets the long
    # notebook paths wrap instead of widening the table past the page.
    lines = [':::{list-table}', ':header-rows: 1', ':class: d2l-execution-report', '']
    for cells in [header] + rows:
        lines += [f'* - {_cell(cells[0])}'.rstrip()] + [
            f'  - {_cell(c)}' for c in cells[1:]
        ]
    return lines + [':::']


def page(lang: str, found: dict) -> str:
    text = functools.partial(report_text, lang)
    # The front matter's description is the page's summary for search
    # engines and link previews (book_ext/d2l_meta.py).
    lines = [
        '---',
        'description: ' + json.dumps(text('description'), ensure_ascii=False),
        '---',
    ]
    lines += [f'# {text("title")}', '', text('intro')]
    # This page's language first, then the others.
    order = sorted(found, key=lambda key: (key[1] != lang, key[0], key[1]))
    for page_name, nb_lang in order:
        notebooks = found[page_name, nb_lang]
        title = next(iter(notebooks.values()))[1]
        heading = text('heading', title=title, language=registry.language(nb_lang).name)
        lines += ['', f'## {heading}', '', *table(lang, notebooks, page_name)]
    return '\n'.join(lines) + '\n'


def report(
    out: Path, notebooks: Path = ROOT / 'notebooks', languages=LANGUAGES
) -> list:
    found = groups(notebooks)
    written = []
    for lang in languages:
        target = out / lang / 'execution.md'
        target.parent.mkdir(parents=True, exist_ok=True)
        content = page(lang, found)
        # Unchanged pages keep their timestamp: Sphinx then has nothing to rebuild.
        if not target.is_file() or target.read_text(encoding='utf-8') != content:
            target.write_text(content, encoding='utf-8')
        written.append(target)
    return written


# -------------------------------------------------------------------- main ---


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    sub = parser.add_subparsers(dest='command', required=True)
    rec = sub.add_parser(
        'record', help='write metadata.d2l_execution into an executed notebook'
    )
    rec.add_argument('notebook', type=Path)
    rec.add_argument(
        '--previous', type=Path, help='the notebook as committed before this run'
    )
    rep = sub.add_parser(
        'report', help='write <out>/<lang>/execution.md from the records'
    )
    rep.add_argument('--out', type=Path, default=ROOT / 'reports')
    rep.add_argument('--notebooks', type=Path, default=ROOT / 'notebooks')
    rep.add_argument('--lang', nargs='+', default=LANGUAGES, choices=LANGUAGES)
    args = parser.parse_args(argv)
    if args.command == 'record':
        fresh = record(args.notebook, args.previous)
        print(
            f'execution_record: {args.notebook}: {"recorded" if fresh else "outputs unchanged, record kept"}'
        )
    else:
        for path in report(args.out, args.notebooks, args.lang):
            print(f'execution_record: wrote {path}')
    return 0


if __name__ == '__main__':
    sys.exit(main())

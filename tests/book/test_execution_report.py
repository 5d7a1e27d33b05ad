"""The execution records (d2l_build/execution_record.py) and the report page built from them."""

import re
from datetime import datetime, timedelta, timezone

import nbformat
import pytest
from book_helpers import FRAMEWORKS, LANGUAGES, NAMES, ROOT

from d2l_build import execution_record as er
from d2l_build import pages
from d2l_build.nbval_metrics.tolerance import TOLERANCES
from d2l_local import registry

PROBE = {'version': '9.9', 'cpu': 'test CPU', 'numpy': '1.0'}


def _stamp(t):
    return t.strftime('%Y-%m-%dT%H:%M:%S.%fZ')


START = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def executed_notebook(fit_seconds=(3.0, 2.0), accuracy='0.85', start=START):
    """A notebook as nbclient leaves it: outputs plus each cell's timing."""
    nb = nbformat.v4.new_notebook()
    cells = [
        nbformat.v4.new_markdown_cell('# Page\n\n## From Scratch'),
        nbformat.v4.new_code_cell('import d2l_local'),
        nbformat.v4.new_code_cell('trainer.fit(model, data)'),
        nbformat.v4.new_markdown_cell('## Concise'),
        nbformat.v4.new_code_cell('trainer.fit(model, data)'),
    ]
    for i, cell in enumerate(cells):
        cell.id = f'c{i}'  # stable, as split_notebooks.py makes them
    durations = [0.5, fit_seconds[0], fit_seconds[1]]
    t = start
    for cell, seconds in zip([c for c in cells if c.cell_type == 'code'], durations):
        end = t + timedelta(seconds=seconds)
        cell.metadata['execution'] = {
            'iopub.execute_input': _stamp(t),
            'shell.execute_reply': _stamp(end),
        }
        cell.execution_count = 1
        cell.outputs = (
            [nbformat.v4.new_output('stream', text=f'val_acc {accuracy}\n')]
            if 'fit' in cell.source
            else []
        )
        t = end
    nb.cells = cells
    return nb


def write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def strip_timing(path):
    """What split_notebooks.py --clean does after the record."""
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        cell.metadata.pop('execution', None)
    nbformat.write(nb, str(path))


def test_a_fit_on_a_page_without_sections_is_named_by_the_title():
    nb = executed_notebook()
    nb.cells[0].source = '# Page'
    nb.cells[3].source = 'More prose, no section.'
    assert [f['section'] for f in er.timings(nb)['fits']] == ['Page']


def test_record_holds_every_field(tmp_path):
    path = write(
        executed_notebook(), tmp_path / 'notebooks' / 'en' / 'jax' / 'page.ipynb'
    )
    assert er.record(path, None, probe_fn=lambda fw: dict(PROBE))
    rec = nbformat.read(str(path), as_version=4).metadata[er.KEY]
    assert rec['executed'] == '2026-01-02T03:04:05Z'
    assert rec['seconds'] == 5.5
    assert rec['fits'] == [
        {'section': 'From Scratch', 'seconds': 3.0},
        {'section': 'Concise', 'seconds': 2.0},
    ]
    assert rec['framework'] == 'JAX 9.9' and rec['cpu'] == 'test CPU'
    assert re.fullmatch(r'3\.\d+\.\d+', rec['python']) and rec['numpy'] == '1.0'
    assert rec['rule'] == f'text exact; metrics within ±{er.tolerance():g}'


def test_same_outputs_keep_the_record_so_a_second_run_changes_nothing(tmp_path):
    first = write(
        executed_notebook(), tmp_path / 'notebooks' / 'en' / 'jax' / 'page.ipynb'
    )
    er.record(first, None, probe_fn=lambda fw: dict(PROBE))
    strip_timing(first)
    committed = first.read_bytes()

    previous = tmp_path / 'previous.ipynb'
    previous.write_bytes(committed)
    # Run again: other timings, other versions, the same outputs.
    again = executed_notebook(
        fit_seconds=(9.0, 9.0), start=datetime(2026, 2, 1, tzinfo=timezone.utc)
    )
    write(again, first)
    assert not er.record(
        first,
        previous,
        probe_fn=lambda fw: {'version': '10.0', 'cpu': 'other', 'numpy': '2.0'},
    )
    strip_timing(first)
    assert first.read_bytes() == committed

    # A changed output is a new execution: a new record.
    write(
        executed_notebook(
            accuracy='0.86', start=datetime(2026, 3, 1, tzinfo=timezone.utc)
        ),
        first,
    )
    assert er.record(first, previous, probe_fn=lambda fw: dict(PROBE))
    assert (
        nbformat.read(str(first), as_version=4).metadata[er.KEY]['executed']
        == '2026-03-01T00:00:00Z'
    )


def test_a_notebook_without_timing_is_refused(tmp_path):
    nb = executed_notebook()
    for cell in nb.cells:
        cell.metadata.pop('execution', None)
    path = write(nb, tmp_path / 'notebooks' / 'en' / 'jax' / 'page.ipynb')
    with pytest.raises(SystemExit, match='no execution timing'):
        er.record(path, None, probe_fn=lambda fw: dict(PROBE))


def test_the_tolerance_is_the_page_tables(monkeypatch):
    monkeypatch.setitem(TOLERANCES, 'machines', 0.012)
    monkeypatch.setitem(TOLERANCES, 'exercises', 0.02)
    assert er.tolerance() == 0.012  # a page the table does not list
    assert er.tolerance('mlp-exercises') == 0.02  # a page's own
    monkeypatch.setitem(pages.POLICIES, 'new-page', pages.Policy(tolerance='exercises'))
    assert er.tolerance('new-page') == 0.02


def _tables(markdown):
    """The report's list-tables, each as rows of cell texts, header row first."""
    tables = []
    for body in re.findall(r'^:::\{list-table\}\n(.*?)^:::$', markdown, re.S | re.M):
        rows = []
        for line in body.splitlines():
            if line.startswith('* -'):
                rows.append([line[3:].strip()])
            elif line.startswith('  - '):
                rows[-1].append(line[4:].strip())
        tables.append(rows)
    return tables


def notebooks():
    found = sorted(
        p.relative_to(ROOT).as_posix() for p in (ROOT / 'notebooks').glob('*/*/*.ipynb')
    )
    assert len(found) >= len(FRAMEWORKS) * len(LANGUAGES)
    return found


def test_report_lists_every_notebook_with_every_field(tmp_path):
    expected = notebooks()
    pages = er.report(tmp_path, ROOT / 'notebooks')
    assert [p.parent.name for p in pages] == list(LANGUAGES)
    for page in pages:
        lang = page.parent.name
        listed = []
        for header, first, *rows in _tables(page.read_text(encoding='utf-8')):
            assert header[1:] == [NAMES[fw] for fw in FRAMEWORKS], (
                f'{page}: columns {header}'
            )
            assert first[0] == er.report_text(lang, 'notebook')
            listed += [cell.strip('`') for cell in first[1:]]
            labels = [row[0] for row in rows]
            for key in (
                'executed',
                'seconds',
                'python',
                'framework',
                'numpy',
                'cpu',
                'rule',
            ):
                label = er.report_text(lang, key)
                assert label in labels, f'{page}: no row {label!r}'
            fit = registry.text(lang, 'report_fit', section='')
            assert any(label.startswith(fit) for label in labels), (
                f'{page}: no fit recorded (run `make notebooks`)'
            )
            for row in rows:
                bad = [
                    fw
                    for fw, cell in zip(FRAMEWORKS, row[1:])
                    if cell in ('', er.MISSING, er.report_text(lang, 'missing'))
                ]
                assert not bad, (
                    f'{page}: {row[0]!r} is empty for {bad} (run `make notebooks`)'
                )
        assert sorted(listed) == expected, f'{page}: notebooks listed {listed}'


def test_each_site_has_the_report_page(html_dir):
    from bs4 import BeautifulSoup

    expected = notebooks()
    built = sorted(
        p for p in html_dir.rglob('execution.html') if '_static' not in p.parts
    )
    langs = {}
    for path in built:
        doc = BeautifulSoup(path.read_text(encoding='utf-8'), 'html.parser')
        lang = (doc.html.get('lang') or 'en').split('-')[0]
        first_rows = doc.select('article table tbody tr:first-child')
        listed = [code.get_text() for row in first_rows for code in row.select('code')]
        assert sorted(listed) == expected, f'{path}: lists {listed}'
        langs[lang] = path
    assert set(langs) == set(LANGUAGES), (
        f"report pages found: {built}; add reports/<lang>/execution to each site's table of contents"
    )

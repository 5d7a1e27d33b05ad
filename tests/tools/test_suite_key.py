"""d2l_build/suite_key.py: what makes `make test` run a suite again."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def key(*paths):
    out = subprocess.run(
        [sys.executable, '-m', 'd2l_build.suite_key', *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def notebook(path, prose, code, output):
    cells = [
        {'cell_type': 'markdown', 'metadata': {}, 'source': prose},
        {
            'cell_type': 'code',
            'metadata': {},
            'source': code,
            'execution_count': 1,
            'outputs': [{'output_type': 'stream', 'name': 'stdout', 'text': output}],
        },
    ]
    path.write_text(json.dumps({'cells': cells, 'metadata': {}, 'nbformat': 4}))


def test_prose_does_not_count_but_code_and_outputs_do(tmp_path):
    nb = tmp_path / 'page.ipynb'
    notebook(nb, 'Some prose.', 'print(1)', '1\n')
    first = key(nb)
    notebook(nb, 'Other prose.', 'print(1)', '1\n')
    assert key(nb) == first
    notebook(nb, 'Other prose.', 'print(2)', '1\n')
    assert key(nb) != first
    notebook(nb, 'Other prose.', 'print(1)', '2\n')
    assert key(nb) != first


def test_any_byte_of_another_file_counts_and_so_does_a_new_file(tmp_path):
    (tmp_path / 'pkg').mkdir()
    module = tmp_path / 'pkg' / 'a.py'
    module.write_text('x = 1\n')
    first = key(tmp_path / 'pkg')
    module.write_text('x = 2\n')
    second = key(tmp_path / 'pkg')
    assert second != first
    (tmp_path / 'pkg' / 'b.py').write_text('')
    assert key(tmp_path / 'pkg') != second
    assert key(tmp_path / 'missing') != key(tmp_path / 'missing2')


def test_a_suite_depends_on_the_build_modules_it_imports_or_runs(tmp_path):
    from d2l_build.suite_key import imports

    test = tmp_path / 'test_x.py'
    test.write_text(
        'from d2l_build import chapter\n'
        "PROBE = 'd2l_build.xla_stale_dot'\n"
        'def test(): pass\n'
    )
    found = {f.relative_to(ROOT).as_posix() for f in imports([tmp_path])}
    # chapter imports pages and checkout; pages the tolerance table.
    assert found == {
        'd2l_build/chapter.py',
        'd2l_build/checkout.py',
        'd2l_build/pages.py',
        'd2l_build/nbval_metrics/tolerance.py',
        'd2l_build/xla_stale_dot.py',
    }
    test.write_text('import json\n')
    assert imports([tmp_path]) == []


def test_the_framework_suites_do_not_depend_on_other_pages():
    """A new page re-runs no contract suite: tools/test.sh keys them on the
    contract page and the build modules the suites import, nothing wider."""
    script = (ROOT / 'tools' / 'test.sh').read_text()
    (line,) = [s for s in script.splitlines() if s.startswith('unit_inputs="')]
    assert line == (
        'unit_inputs="tests/frameworks chapters/$source/$contract.ipynb '
        'notebooks/$source/*/$contract.ipynb"'
    )

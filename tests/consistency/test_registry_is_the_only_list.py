"""d2l_local/registry.py is the one list of frameworks and languages.

A literal list, tuple or set naming two or more framework keys (or d2l_local
module names), a dict keyed by two or more of them, or two or more language
codes listed together, anywhere in the tooling, the Sphinx extensions, the
tests or the make scripts, is a second list that a new framework or language
would have to find and edit: read the registry instead. A dict keyed by
language may hold a test's expectations of each book, but not tooling text
(that belongs in the registry's interface strings).
"""

import ast
import re
from pathlib import Path

import pytest

from d2l_local import registry

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ('d2l_build', 'book_ext', 'tools', 'tests')
SHELL = ('Makefile',)
# CI reads its job matrix from the registry too (`environments --json`).
WORKFLOWS = '.github/workflows/*.yml'
# Files whose literals are not lists of the book's frameworks or languages.
EXEMPT = {
    'tests/common/test_package.py',  # pins the registry's own order
    'tests/book/test_markup.py',  # markup inputs name frameworks as %%tab does
    'tests/book/fixtures/make_fixtures.py',  # the fixture book's content
    'tests/consistency/test_registry_is_the_only_list.py',  # its own examples
}
FRAMEWORK_NAMES = {name for fw in registry.FRAMEWORKS for name in (fw.key, fw.module)}
LANGUAGE_CODES = set(registry.language_codes())


def _strings(nodes):
    return [n.value for n in nodes if isinstance(n, ast.Constant)]


def python_lists(text, in_tests=False):
    """(line, what) for every literal list of frameworks or languages."""
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items = _strings(node.elts)
            kind = 'list'
        elif isinstance(node, ast.Dict):
            items = _strings(k for k in node.keys if k is not None)
            kind = 'dict'
        else:
            continue
        if len(FRAMEWORK_NAMES.intersection(items)) >= 2:
            found.append((node.lineno, f'a {kind} of frameworks'))
        languages = LANGUAGE_CODES.intersection(items)
        if len(languages) >= 2 and not (kind == 'dict' and in_tests):
            found.append((node.lineno, f'a {kind} of languages'))
    return found


def _words(names):
    alternatives = '|'.join(sorted(map(re.escape, names)))
    return re.compile(
        rf'(?<![\w/.-])({alternatives})(?![\w/.-])[\s,\'"]+({alternatives})(?![\w/.-])'
    )


FRAMEWORK_WORDS = _words(FRAMEWORK_NAMES)
LANGUAGE_WORDS = _words(LANGUAGE_CODES)


def shell_lists(text):
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        line = re.sub(r'(^|\s)#.*', '', line)  # comments speak of, not list
        for pattern, what in (
            (FRAMEWORK_WORDS, 'frameworks'),
            (LANGUAGE_WORDS, 'languages'),
        ):
            match = pattern.search(line)
            if match and match.group(1) != match.group(2):
                found.append((number, f'a list of {what}'))
    return found


def lists_outside_the_registry(root=ROOT):
    """'path:line: what' for every list of frameworks or languages under root."""
    found = []
    for top in SCANNED:
        for path in sorted((root / top).rglob('*')):
            name = path.relative_to(root).as_posix()
            if name in EXEMPT or '/fixtures/notebooks/' in name or not path.is_file():
                continue
            text = path.read_text(encoding='utf-8', errors='replace')
            if path.suffix == '.py':
                hits = python_lists(text, in_tests=name.startswith('tests/'))
            elif path.suffix == '.sh':
                hits = shell_lists(text)
            else:
                continue
            found += [f'{name}:{line}: {what}' for line, what in hits]
    names = [*SHELL, *(p.relative_to(root).as_posix() for p in root.glob(WORKFLOWS))]
    for name in names:
        found += [
            f'{name}:{line}: {what}'
            for line, what in shell_lists((root / name).read_text(encoding='utf-8'))
        ]
    return found


def test_no_list_of_frameworks_or_languages_outside_the_registry():
    found = lists_outside_the_registry()
    assert not found, (
        'read these from d2l_local/registry.py (or d2l_build/frameworks) '
        'instead:\n  ' + '\n  '.join(found)
    )


@pytest.mark.parametrize(
    'source',
    [
        "FRAMEWORKS = {'mxnet': 'MXNet', 'jax': 'JAX'}",
        "for lang in ('en', 'zh'): pass",
        "IMPORT = ['torch', 'tensorflow']",
        "TEXT = {'en': {}, 'zh': {}}",
    ],
)
def test_the_check_finds_a_list(source):
    assert python_lists(source)


def test_the_check_leaves_single_names_and_per_language_expectations_alone():
    assert not python_lists("if fw == 'jax' and lang != 'en': pass")
    assert not python_lists("WORDS = {'en': ['epochs'], 'zh': ['周期']}", True)
    assert shell_lists('for fw in mxnet pytorch; do :; done')
    assert not shell_lists('.venv/jax/bin/python -m pytest  # mxnet pytorch')


def test_the_check_reads_the_github_workflows(tmp_path):
    (tmp_path / 'Makefile').write_text('test:\n\t@bash tools/test.sh\n')
    workflows = tmp_path / '.github' / 'workflows'
    workflows.mkdir(parents=True)
    (workflows / 'ci.yml').write_text('    matrix:\n      env: [mxnet, pytorch]\n')
    assert lists_outside_the_registry(tmp_path) == [
        '.github/workflows/ci.yml:2: a list of frameworks'
    ]

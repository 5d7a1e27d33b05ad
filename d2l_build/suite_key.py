"""A digest of what a test suite's result depends on.

`make test` records it after a suite passes (in .cache/make-test/, on this
machine only) and, on a later run, skips a suite whose digest has not
changed. A notebook contributes only what nbval executes and compares, its
code cells (source, metadata, outputs), so editing prose re-runs no
notebook; any other file contributes its bytes. With --whole, notebooks
contribute their bytes too (the book shows their prose). Folders are read
whole (caches aside).

Usage: python3 -m d2l_build.suite_key [--whole] PATH... (prints one hex digest)
       python3 -m d2l_build.suite_key --imports PATH...  (the d2l_build files
       the Python files under PATH import or run, directly or not)
"""

import ast
import hashlib
import json
import pathlib
import re
import sys

SKIPPED = {'__pycache__', '.pytest_cache', '.ipynb_checkpoints'}


def files(path):
    if path.is_dir():
        for child in sorted(path.rglob('*')):
            if child.is_file() and not SKIPPED & set(child.parts):
                yield child
    elif path.is_file():
        yield path


def content(path, whole=False):
    if whole or path.suffix != '.ipynb':
        return path.read_bytes()
    cells = json.loads(path.read_text(encoding='utf-8'))['cells']
    code = [
        (c['source'], c.get('metadata', {}), c.get('outputs', []))
        for c in cells
        if c['cell_type'] == 'code'
    ]
    return json.dumps(code, sort_keys=True).encode()


def key(paths, whole=False):
    digest = hashlib.sha256()
    for arg in paths:
        path = pathlib.Path(arg)
        digest.update(f'{arg}\0'.encode())  # a missing path changes the key too
        for f in files(path):
            digest.update(f'{f}\0'.encode())
            digest.update(hashlib.sha256(content(f, whole)).digest())
    return digest.hexdigest()


PACKAGE = pathlib.Path(__file__).resolve().parent
# `d2l_build.x.y` in code or in a string (`python -m d2l_build.x`).
DOTTED = re.compile(r'\bd2l_build((?:\.\w+)+)')


def _module_file(dotted):
    """The file of module d2l_build<dotted> (a package's __init__), or None."""
    parts = dotted.strip('.').split('.')
    while parts:
        path = PACKAGE.joinpath(*parts)
        for candidate in (path.with_suffix('.py'), path / '__init__.py'):
            if candidate.is_file():
                return candidate
        parts.pop()  # `d2l_build.pages.policy`: an attribute of d2l_build.pages
    return None


def imports(paths):
    """The d2l_build files that the Python files under `paths` import or name,
    and those they import in turn: what a suite of those files runs."""
    todo = [f for p in paths for f in files(pathlib.Path(p)) if f.suffix == '.py']
    seen, found = set(), set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        text = path.read_text(encoding='utf-8')
        names = ['.' + m for m in DOTTED.findall(text)]
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and node.module == 'd2l_build':
                names += ['.' + alias.name for alias in node.names]
        for name in names:
            module = _module_file(name)
            if module and module not in found:
                found.add(module)
                todo.append(module)
    return sorted(found)


if __name__ == '__main__':
    args = sys.argv[1:]
    if args[:1] == ['--imports']:
        root = pathlib.Path.cwd()
        print(' '.join(str(f.relative_to(root)) for f in imports(args[1:])))
        sys.exit(0)
    whole = args[:1] == ['--whole']
    print(key(args[whole:], whole))

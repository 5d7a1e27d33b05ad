"""A digest of what a test suite's result depends on.

`make test` records it after a suite passes (in .cache/make-test/, on this
machine only) and, on a later run, skips a suite whose digest has not
changed. A notebook contributes only what nbval executes and compares, its
code cells (source, metadata, outputs), so editing prose re-runs no
notebook; any other file contributes its bytes. With --whole, notebooks
contribute their bytes too (the book shows their prose). Folders are read
whole (caches aside).

Usage: python3 -m d2l_build.suite_key [--whole] PATH... (prints one hex digest)
"""

import hashlib
import json
import pathlib
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


if __name__ == '__main__':
    args = sys.argv[1:]
    whole = args[:1] == ['--whole']
    print(key(args[whole:], whole))

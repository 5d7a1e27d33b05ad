"""Give a translated notebook the outputs of its source-language twin.

A page's code cells are the same in every language (tests/consistency
checks it), so `make notebooks` executes each program once, in the source
language (the registry's first), and the other languages show exactly what
that execution printed: outputs, execution counts and the execution record.
The set-up cell at the top is the one code cell whose text is per language;
it prints nothing.

Usage: python -m d2l_build.share_outputs SOURCE_NOTEBOOK TRANSLATED_NOTEBOOK
"""

import copy
import sys

import nbformat

from d2l_build.pages import RECORD  # the execution record's metadata key


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == 'code']


def share(source_path, target_path):
    source = nbformat.read(source_path, as_version=4)
    target = nbformat.read(target_path, as_version=4)
    pairs = list(zip(code_cells(source), code_cells(target), strict=True))
    for s, t in pairs:
        if not t.metadata.get('d2l_setup') and s.source != t.source:
            raise SystemExit(
                f'share_outputs: {target_path} has code that {source_path} has '
                f'not:\n{t.source[:300]}\nThe languages of a page share their code '
                'cells: fix the chapter sources, then run `make notebooks`.'
            )
        t.outputs = copy.deepcopy(s.outputs)
        t.execution_count = s.execution_count
    if RECORD in source.metadata:
        target.metadata[RECORD] = copy.deepcopy(source.metadata[RECORD])
    nbformat.write(target, target_path)


if __name__ == '__main__':
    share(*sys.argv[1:3])

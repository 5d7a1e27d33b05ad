"""The chapter's own classes, taken from its per-framework notebook.

The contract tests hold `MLPScratch` and `MLP` as the chapter defines them,
so a change to the chapter is a change to what is tested. Only the
notebook's definition cells run: those that import or define something
(`def`/`class`, decorated ones too, such as `@d2l.add_to_class`) and
otherwise hold only bare calls such as `npx.set_np()`. Cells that assign
(load data, build a model, train) or only print are left out.
"""

import ast
import json

from d2l_build.checkout import ROOT
from d2l_build.pages import contract_page
from d2l_local import registry

PAGE = contract_page()  # the page table marks it
DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)


def notebook_path(framework, page=PAGE, lang=None):
    lang = lang or registry.source_language()
    return ROOT / 'notebooks' / lang / framework / f'{page}.ipynb'


def is_definition_cell(source):
    """True for a cell that imports or defines and does nothing else but
    bare calls."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False  # IPython magics: not plain Python, so not a definition
    defines = any(isinstance(node, DEFINITIONS) for node in body)
    rest = [node for node in body if not isinstance(node, DEFINITIONS)]
    return defines and all(isinstance(node, ast.Expr) for node in rest)


def definitions(framework, page=PAGE, lang=None):
    """Run the definition cells of a framework's notebook; return their names."""
    path = notebook_path(framework, page, lang)
    if not path.is_file():
        raise FileNotFoundError(
            f'{path} is missing: run `make notebooks FW={framework}`'
        )
    cells = json.loads(path.read_text(encoding='utf-8'))['cells']
    scope = {'__name__': f'chapter_{framework}'}
    for cell in cells:
        source = ''.join(cell['source'])
        if cell['cell_type'] != 'code' or cell['metadata'].get('d2l_setup'):
            continue
        if is_definition_cell(source):
            exec(compile(source, f'{path}:{cell.get("id")}', 'exec'), scope)
    return scope

"""A prose edit re-splits the notebooks without executing them: a notebook
whose code is unchanged keeps its outputs; one whose code changed does not."""

import nbformat

from d2l_build.split_notebooks import with_outputs_of


def executed(path, code='print(1)', prose='Some prose.'):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(prose, id='m'),
            nbformat.v4.new_code_cell(code, id='c'),
        ]
    )
    nb.cells[1].outputs = [nbformat.v4.new_output('stream', text='1\n')]
    nb.metadata['d2l_execution'] = {'seconds': 1.0}
    nbformat.write(nb, str(path))
    return nb


def fresh(code='print(1)', prose='Some prose.'):
    return nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(prose, id='m'),
            nbformat.v4.new_code_cell(code, id='c'),
        ]
    )


def test_new_prose_keeps_the_outputs_and_the_record(tmp_path):
    path = tmp_path / 'nb.ipynb'
    executed(path)
    kept = with_outputs_of(path, fresh(prose='Better prose.'))
    assert kept.cells[0].source == 'Better prose.'
    assert kept.cells[1].outputs[0].text == '1\n'
    assert kept.metadata['d2l_execution'] == {'seconds': 1.0}


def test_new_code_or_no_notebook_keeps_nothing(tmp_path):
    path = tmp_path / 'nb.ipynb'
    assert with_outputs_of(path, fresh()) is None
    executed(path)
    assert with_outputs_of(path, fresh(code='print(2)')) is None


def test_a_new_cell_tolerance_keeps_the_outputs_and_carries_the_tolerance(tmp_path):
    path = tmp_path / 'nb.ipynb'
    executed(path)
    nb = fresh()
    rule = {'value': 0.1, 'why': 'measured'}
    nb.cells[1].metadata['d2l_metric_tolerance'] = rule
    kept = with_outputs_of(path, nb)
    assert kept.cells[1].outputs[0].text == '1\n'
    assert kept.cells[1].metadata['d2l_metric_tolerance'] == rule


def test_new_tags_keep_nothing(tmp_path):
    # A tag may change the execution itself (raises-exception, say).
    path = tmp_path / 'nb.ipynb'
    executed(path)
    nb = fresh()
    nb.cells[1].metadata['tags'] = ['raises-exception']
    assert with_outputs_of(path, nb) is None


def test_an_added_paragraph_keeps_the_outputs(tmp_path):
    path = tmp_path / 'nb.ipynb'
    executed(path)
    nb = fresh()
    nb.cells.insert(1, nbformat.v4.new_markdown_cell('A new paragraph.', id='m2'))
    kept = with_outputs_of(path, nb)
    assert [c.source for c in kept.cells] == [
        'Some prose.',
        'A new paragraph.',
        'print(1)',
    ]
    assert kept.cells[2].outputs[0].text == '1\n'
    assert kept.metadata['d2l_execution'] == {'seconds': 1.0}

"""Unit tests of the d2lbook-to-MyST conversion behind the framework tabs."""

import json
import re

import pytest
from book_helpers import FIXTURES, FRAMEWORKS, RAW_MARKUP

from d2l_build import markup
from d2l_build.markup import Context, MarkupError, convert_notebook


def load(path):
    return json.loads(path.read_text(encoding='utf-8'))


def fixture_notebooks(lang='en'):
    source = load(FIXTURES / 'chapters' / lang / 'mlp-implementation.ipynb')
    executed = {
        fw: load(FIXTURES / 'notebooks' / lang / fw / 'mlp-implementation.ipynb')
        for fw in FRAMEWORKS
    }
    return source, executed


def convert(source, executed, lang='en', header='HEADER-MARK'):
    images, reports = [], []

    def write_image(data, ext):
        images.append(data)
        return f'img/{len(images)}.{ext}'

    def report(message, warning=True):
        reports.append(message)

    ctx = Context(
        lang=lang,
        label_prefix=f'{lang}-',
        header=header,
        write_image=write_image,
        report=report,
    )
    notebook = convert_notebook(source, executed, ctx)
    assert all(cell['cell_type'] == 'markdown' for cell in notebook['cells'])
    return '\n\n'.join(cell['source'] for cell in notebook['cells']), images, reports


def tab_items(text):
    """Framework order of every tab-set, as (kind, [sync ids])."""
    sets = []
    for match in re.finditer(
        r'\{tab-set\}\n:sync-group: framework\n:class: d2l-tabs d2l-(\w+)-tabs', text
    ):
        rest = text[match.end() :]
        syncs = re.findall(r'^:sync: (\w+)$', rest, re.MULTILINE)[:4]
        sets.append((match.group(1), syncs))
    return sets


def code(fws, body):
    return {
        'cell_type': 'code',
        'metadata': {},
        'outputs': [],
        'source': f'%%tab {fws}\n{body}',
    }


def md(text):
    return {'cell_type': 'markdown', 'metadata': {}, 'source': text}


def executed_with(cells_by_fw):
    """Executed notebooks holding {fw: [(source index, code, outputs)]}."""
    return {
        fw: {
            'cells': [
                {
                    'cell_type': 'code',
                    'metadata': {'d2l_source': i},
                    'source': body,
                    'outputs': outs,
                }
                for i, body, outs in cells_by_fw.get(fw, [])
            ]
        }
        for fw in FRAMEWORKS
    }


def test_fixture_chapter_becomes_tabbed_myst():
    text, images, reports = convert(*fixture_notebooks())
    assert reports == []
    for marker in RAW_MARKUP:
        assert marker not in text
    assert tab_items(text) == [
        ('code', FRAMEWORKS),
        ('prose', FRAMEWORKS),
        ('output', FRAMEWORKS),
    ]
    assert text.count(':selected:') == 3 and all(
        block.split(':selected:')[0].rstrip().endswith(':sync: pytorch')
        for block in text.split('{tab-item}')[1:]
        if ':selected:' in block
    )
    # the label becomes a target right before the title, the header right after it
    assert re.search(
        r'\(en-sec_mlp-implementation\)=\n# Implementing an MLP \(fixture\)\n\nHEADER-MARK',
        text,
    )
    assert '{ref}`en-sec_mlp-implementation`' in text
    assert 'The **training loop** is' in text


def test_identical_outputs_show_once_and_different_ones_per_framework():
    text, images, _ = convert(*fixture_notebooks())
    assert (
        text.count(':class: d2l-output\n\n(2, 3)\n') == 1
    )  # the shared cell printed the same everywhere
    assert (
        len(images) == 4 and len(set(images)) == 4
    )  # one training figure per framework
    assert all(image.startswith(b'\x89PNG') for image in images)
    # stdout pieces are joined, stderr is left out
    assert 'epoch 10: train_loss 0.381, val_loss 0.411, val_acc 0.847' in text
    assert 'framework log noise' not in text


def test_chinese_chapter_uses_its_own_labels_and_notes():
    text, _, reports = convert(*fixture_notebooks('zh'), lang='zh')
    assert reports == []
    assert '(zh-sec_mlp-implementation)=' in text
    assert 'en-sec' not in text


def test_missing_frameworks_get_a_note_so_sync_still_works():
    source = {
        'cells': [
            code('pytorch', 'a = 1'),
            code('jax', 'b = 2'),
            md(':begin_tab:`jax`\nOnly JAX.\n:end_tab:'),
        ]
    }
    text, _, _ = convert(
        source,
        executed_with({'pytorch': [(0, 'a = 1', [])], 'jax': [(1, 'b = 2', [])]}),
    )
    assert tab_items(text) == [('code', FRAMEWORKS), ('prose', FRAMEWORKS)]
    assert text.count('This step needs no separate') == 2
    assert text.count('Nothing specific to') == 3


def test_one_cell_for_several_frameworks():
    source = {'cells': [code('pytorch, jax', 'x = 1'), code('mxnet', 'y = 2')]}
    text, _, _ = convert(
        source,
        executed_with(
            {
                'pytorch': [(0, 'x = 1', [])],
                'jax': [(0, 'x = 1', [])],
                'mxnet': [(1, 'y = 2', [])],
            }
        ),
    )
    assert text.count('x = 1') == 2 and text.count('y = 2') == 1
    assert text.count('This step needs no separate TensorFlow code.') == 1


def test_stale_or_missing_executed_cells_are_reported():
    source = {'cells': [code('all', 'print(1)')]}
    out = [{'output_type': 'stream', 'name': 'stdout', 'text': '1\n'}]
    executed = executed_with(
        {fw: [(0, 'print(1)', out)] for fw in ('mxnet', 'pytorch', 'tensorflow')}
    )
    executed['mxnet']['cells'][0]['source'] = 'print(2)'
    _, _, reports = convert(source, executed)
    assert any('MXNet' in r and 'different code' in r for r in reports)
    assert any('JAX' in r and 'no cell' in r for r in reports)


def test_bad_markup_is_an_error():
    with pytest.raises(MarkupError):
        convert({'cells': [code('keras', 'x = 1')]}, executed_with({}))
    with pytest.raises(MarkupError):
        convert(
            {'cells': [md(':begin_tab:`pytorch`\nnever closed')]}, executed_with({})
        )


def test_fences_outgrow_their_content():
    body = 'doc = """\n```python\nx = 1\n```\n"""'
    text, _, _ = convert(
        {'cells': [code('pytorch', body)]}, executed_with({'pytorch': [(0, body, [])]})
    )
    assert '````python\n' + body + '\n````' in text


def test_equations_and_references():
    source = {
        'cells': [
            md(
                '# T\n:label:`sec_t`\n\n$$y = x$$\n:eqlabel:`eq_y`\n\nSee :eqref:`eq_y` and :numref:`sec_elsewhere`.'
            )
        ]
    }
    text, _, reports = convert(source, executed_with({}))
    assert '$$y = x$$ (en-eq_y)' in text
    assert '{eq}`en-eq_y`' in text
    assert '*elsewhere*' in text and any('sec_elsewhere' in r for r in reports)


def test_markup_inside_fenced_examples_is_left_alone():
    source = {'cells': [md('Text\n\n```\n:label:`not_a_label`\n```')]}
    text, _, _ = convert(source, executed_with({}))
    assert ':label:`not_a_label`' in text


def test_outputs_reduce_to_comparable_items():
    outputs = [
        {'output_type': 'stream', 'name': 'stdout', 'text': ['a\r', 'b\n']},
        {'output_type': 'stream', 'name': 'stdout', 'text': '\x1b[31mc\x1b[0m\n'},
        {'output_type': 'execute_result', 'data': {'text/plain': '42'}},
    ]
    assert markup.output_items(outputs) == [('stream', 'b\nc'), ('text', '42')]


# -- split: the same rules, the other direction --------------------------------


def test_split_keeps_a_frameworks_code_and_prose_only():
    source, _ = fixture_notebooks()
    cells = markup.split_cells(source['cells'], 'pytorch')
    text = '\n\n'.join(t for _, _, t in cells)
    assert 'PyTorch registers' in text and 'MXNet attaches' not in text
    assert 'from d2l import torch as d2l' in text and 'mxnet' not in text
    for marker in RAW_MARKUP:
        assert marker not in text
    assert [i for i, _, _ in cells] == sorted(i for i, _, _ in cells)


def test_split_and_merge_share_the_label_and_tab_rules():
    # backticks are optional in both directions
    source = {
        'cells': [md('# T\n:label:sec_t\n\n:begin_tab:jax\nJAX only.\n:end_tab:')]
    }
    assert markup.split_cells(source['cells'], 'jax') == [
        (0, 'markdown', '# T\n\nJAX only.')
    ]
    assert markup.split_cells(source['cells'], 'mxnet') == [(0, 'markdown', '# T')]
    text, _, _ = convert(source, executed_with({}))
    assert '(en-sec_t)=' in text and 'JAX only.' in text


@pytest.mark.parametrize(
    'markdown',
    [
        ':begin_tab:`pytorch`\nopen',
        ':end_tab:',
        ':begin_tab:`keras`\nx\n:end_tab:',
        ':begin_tab:`jax`\n:begin_tab:`mxnet`\n:end_tab:',
    ],
)
def test_bad_prose_markup_fails_split_and_merge_alike(markdown):
    with pytest.raises(MarkupError):
        markup.split_cells([md(markdown)], 'jax')
    with pytest.raises(MarkupError):
        convert({'cells': [md(markdown)]}, executed_with({}))


def test_split_refuses_an_unknown_framework():
    with pytest.raises(MarkupError, match="unknown framework 'keras'"):
        markup.split_cells([], 'keras')


# -- worked answers: folded in the book, a plain line in a notebook -------------


def answer_source():
    return {
        'cells': [
            md('## Exercise 1\n\nTry a wider layer.'),
            md(':begin_answer:'),
            code('all', 'print(1)'),
            md('Wider helps.\n\n:begin_tab:`jax`\nJAX note.\n:end_tab:'),
            md(':end_answer:'),
            md('## Exercise 2'),
        ]
    }


def test_an_answer_becomes_one_closed_dropdown_around_code_and_prose():
    source = answer_source()
    outs = [{'output_type': 'stream', 'name': 'stdout', 'text': '1\n'}]
    text, _, _ = convert(
        source, executed_with({fw: [(2, 'print(1)', outs)] for fw in FRAMEWORKS})
    )
    start = text.index('{dropdown} Try it yourself first')
    fence = text[:start].rsplit('\n', 1)[-1]
    end = text.index('\n' + fence + '\n', start)
    inside = text[start:end]
    assert ':open:' not in inside  # closed until the reader opens it
    assert 'print(1)' in inside and 'Wider helps.' in inside
    assert '{tab-set}' in inside and 'JAX note.' in inside
    # the colon fence outgrows the tab-set fences nested in it
    assert len(fence) > max(
        len(f) for f in re.findall(r'^(:+)\{tab-set\}', inside, re.M)
    )
    assert 'Try a wider layer.' in text[:start] and '## Exercise 2' in text[end:]
    assert ':begin_answer:' not in text and ':end_answer:' not in text


def test_the_chinese_dropdown_has_its_own_title():
    text, _, _ = convert(answer_source(), executed_with({}), lang='zh')
    assert '{dropdown} 先自己动手试试' in text


def test_split_turns_an_answer_into_a_plain_answer_line():
    cells = answer_source()['cells']
    for lang, line in (('en', '**Answer**'), ('zh', '**解答**')):
        split = markup.split_cells(cells, 'jax', lang)
        assert [(i, t) for i, _, t in split if i in (1, 4)] == [(1, line)]
        text = '\n'.join(t for _, _, t in split)
        assert ':begin_answer:' not in text and ':end_answer:' not in text
    assert 'JAX note.' not in '\n'.join(
        t for _, _, t in markup.split_cells(cells, 'mxnet')
    )


@pytest.mark.parametrize(
    'markers',
    [
        [':begin_answer:'],
        [':end_answer:'],
        [':begin_answer:', ':begin_answer:', ':end_answer:'],
        [':begin_answer:\nprose beside the marker', ':end_answer:'],
    ],
)
def test_unbalanced_or_mixed_answer_markers_fail_split_and_merge(markers):
    cells = [md(m) for m in markers]
    with pytest.raises(MarkupError):
        markup.split_cells(cells, 'jax')
    with pytest.raises(MarkupError):
        convert({'cells': cells}, executed_with({}))

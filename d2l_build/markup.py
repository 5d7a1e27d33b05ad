"""The d2lbook tab markup, parsed in one place: split and merge.

The chapter sources use d2lbook markup: ``%%tab <fw>`` code cells,
``:begin_tab:`<fw>``` ... ``:end_tab:`` prose blocks and ``:label:`` lines.
Two operations read it, with one set of rules:

* `split_cells` (source -> one plain notebook per framework, used by
  ``d2l_build/split_notebooks.py`` and the test fixtures): the framework's code
  cells without their ``%%tab`` line, its prose without the other
  frameworks' blocks and without ``:label:`` lines;
* `convert_notebook` (source + executed notebooks -> tabbed MyST, used by the
  Sphinx extension ``d2l_tabs``): Jupyter Book cannot nest notebook cells in
  tab directives, so the page becomes markdown cells whose MyST nests code
  and outputs in tab-sets. Outputs come from the per-framework executed
  notebooks, matched through ``metadata.d2l_source``.

Worked answers: a markdown cell that is just ``:begin_answer:`` opens an
answer and one that is just ``:end_answer:`` closes it. Everything between
(prose, code, outputs) becomes one sphinx-design dropdown, closed by default,
in the book; a per-framework notebook shows a plain "Answer" line instead.

The rules: a ``%%tab`` line names ``all`` or known frameworks; a
``:begin_tab:`` block names known frameworks and is closed by ``:end_tab:``
before the next one opens; backticks around names are optional. A group of
prose blocks may leave frameworks out: in the book their tab says there is
nothing specific to them, in their notebook nothing is added.

Pure Python (no Sphinx, no nbformat), so tools and tests import it directly.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import Callable

from d2l_local import registry

FRAMEWORKS = registry.framework_keys()
FRAMEWORK_NAMES = {fw.key: fw.name for fw in registry.FRAMEWORKS}
DEFAULT_FRAMEWORK = registry.DEFAULT_FRAMEWORK
SYNC_GROUP = 'framework'

_TAB_LINE = re.compile(r'^%%tab\s+(.+?)\s*$')
# Backticks are optional: some copies of d2lbook sources lose them.
_BEGIN_TAB = re.compile(r'^\s*:begin_tab:`?([^`]+?)`?\s*$')
_END_TAB = re.compile(r'^\s*:end_tab:\s*$')
_LABEL = re.compile(r'^\s*:label:`?([^`\s]+?)`?\s*$')
_EQLABEL = re.compile(r'^\s*:eqlabel:`?([^`\s]+?)`?\s*$')
_WIDTH = re.compile(r'^\s*:width:`[^`]*`\s*$')
_ROLE = re.compile(r':(numref|ref|eqref|cite|citet|citep):`([^`]+)`')
# d2lbook marks text tied to code with (** **) or [** **]; keep the words, bold.
_HIGHLIGHT = re.compile(r'(\(|\[)\*\*(.+?)\*\*(\)|\])', re.DOTALL)
_HEADING = re.compile(r'^(#{1,6})\s+\S')
_FENCE = re.compile(r'^\s*(`{3,}|~{3,})')
_ANSI = re.compile(r'\x1b\[[0-9;?]*[A-Za-z]')
_BEGIN_ANSWER = re.compile(r'^\s*:begin_answer:\s*$')
_END_ANSWER = re.compile(r'^\s*:end_answer:\s*$')


class MarkupError(ValueError):
    """The tabbed source uses markup this converter does not understand."""


@dataclass
class Context:
    """What the converter needs to know about the page being built."""

    lang: str = registry.source_language()
    # Sphinx labels are global: prefix them so both languages can use one name.
    label_prefix: str = ''
    # MyST inserted right under the page title (language switch, Colab links).
    header: str = ''
    # Stores image bytes somewhere the build can copy; returns the path to use.
    write_image: Callable[[bytes, str], str] = lambda data, ext: ''
    # report(message, warning=True): warnings fail the strict build, the rest is logged.
    report: Callable[..., None] = lambda message, warning=True: None
    labels: dict = field(default_factory=dict)

    def msg(self, key: str, fw: str) -> str:
        return registry.text(self.lang, key, name=FRAMEWORK_NAMES[fw])


# ---------------------------------------------------------------- helpers


def cell_source(cell: dict) -> str:
    src = cell.get('source', '')
    return ''.join(src) if isinstance(src, list) else src


def parse_frameworks(spec: str) -> tuple:
    """``pytorch, jax`` -> ('pytorch', 'jax') in book order; ``all`` -> all four."""
    names = [n for n in re.split(r'[\s,]+', spec.strip()) if n]
    if 'all' in names:
        return FRAMEWORKS
    unknown = [n for n in names if n not in FRAMEWORKS]
    if unknown or not names:
        raise MarkupError(f'unknown framework in tab markup: {spec!r}')
    return tuple(fw for fw in FRAMEWORKS if fw in names)


def split_tab_line(source: str):
    """Return (frameworks or None, code without the ``%%tab`` line)."""
    lines = source.split('\n')
    match = _TAB_LINE.match(lines[0]) if lines else None
    if not match:
        return None, source.strip('\n')
    return parse_frameworks(match.group(1)), '\n'.join(lines[1:]).strip('\n')


def is_loader_cell(source: str) -> bool:
    return '%load_ext d2lbook.tab' in source


def tab_segments(text: str) -> list:
    """Split markdown into (frameworks, lines) pieces, in order.

    ``frameworks`` is None for text every framework shares and a tuple for a
    ``:begin_tab:`` block (its marker lines removed).
    """
    segments: list = []
    lines = text.split('\n')
    i = 0
    while i < len(lines):
        begin = _BEGIN_TAB.match(lines[i])
        if begin:
            fws = parse_frameworks(begin.group(1))
            body = []
            i += 1
            while i < len(lines) and not _END_TAB.match(lines[i]):
                if _BEGIN_TAB.match(lines[i]):
                    raise MarkupError(
                        f':begin_tab:`{lines[i].split(":begin_tab:")[1].strip("` ")}` '
                        f'inside the :begin_tab:`{begin.group(1)}` block'
                    )
                body.append(lines[i])
                i += 1
            if i == len(lines):
                raise MarkupError(f':begin_tab:`{begin.group(1)}` has no :end_tab:')
            segments.append((fws, body))
        elif _END_TAB.match(lines[i]):
            raise MarkupError(':end_tab: without :begin_tab:')
        else:
            if not segments or segments[-1][0] is not None:
                segments.append((None, []))
            segments[-1][1].append(lines[i])
        i += 1
    return segments


def code_cell_frameworks(source: str):
    """The frameworks of a code cell, or None for a cell that is dropped
    (the ``%load_ext d2lbook.tab`` loader, an empty cell). An untagged cell
    serves every framework."""
    if is_loader_cell(source) or not source.strip():
        return None
    fws, _ = split_tab_line(source)
    return fws or FRAMEWORKS


def answer_marker(cell: dict):
    """'begin' or 'end' for a markdown cell that is an answer marker, else None.

    A marker must stand alone in its cell: mixed with prose it would be
    unclear which side of the fold the prose belongs to.
    """
    if cell.get('cell_type') != 'markdown':
        return None
    text = cell_source(cell)
    lines = [line for line in text.split('\n') if line.strip()]
    found = [
        (n, kind)
        for n, line in enumerate(lines)
        for kind, rule in (('begin', _BEGIN_ANSWER), ('end', _END_ANSWER))
        if rule.match(line)
    ]
    if not found:
        return None
    if len(lines) != 1:
        raise MarkupError(
            f':{found[0][1]}_answer: must be the only line of its markdown cell'
        )
    return found[0][1]


def check_answers(cells: list) -> None:
    """Every :begin_answer: is closed by :end_answer: before the next opens."""
    open_at = None
    for index, cell in enumerate(cells):
        marker = answer_marker(cell)
        if marker == 'begin':
            if open_at is not None:
                raise MarkupError(
                    f':begin_answer: in cell {index} inside the answer opened in cell {open_at}'
                )
            open_at = index
        elif marker == 'end':
            if open_at is None:
                raise MarkupError(
                    f':end_answer: in cell {index} without :begin_answer:'
                )
            open_at = None
    if open_at is not None:
        raise MarkupError(f':begin_answer: in cell {open_at} has no :end_answer:')


def split_cells(cells: list, fw: str, lang: str = registry.source_language()) -> list:
    """The cells of framework ``fw``: [(source index, 'code'|'markdown', text)].

    Code cells lose their ``%%tab`` line, markdown cells the blocks of other
    frameworks, the block markers and the ``:label:`` lines; what is left
    empty is dropped. An answer's opening marker becomes a plain "Answer"
    line in language ``lang``, its closing marker disappears.
    """
    if fw not in FRAMEWORKS:
        raise MarkupError(
            f'unknown framework {fw!r}; use one of {", ".join(FRAMEWORKS)}'
        )
    check_answers(cells)
    out = []
    for index, cell in enumerate(cells):
        kind, text = cell.get('cell_type'), cell_source(cell)
        marker = answer_marker(cell)
        if marker:
            if marker == 'begin':
                out.append((index, 'markdown', registry.text(lang, 'answer_line')))
            continue
        if kind == 'code':
            fws = code_cell_frameworks(text)
            if fws is None or fw not in fws:
                continue
            text = split_tab_line(text)[1].strip()
        elif kind == 'markdown':
            pieces = []
            for fws, lines in tab_segments(text):
                if fws is None or fw in fws:
                    kept = [line for line in lines if not _LABEL.match(line)]
                    pieces.append('\n'.join(kept).strip())
            text = '\n\n'.join(p for p in pieces if p)
        else:
            continue
        if text:
            out.append((index, kind, text))
    return out


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(re.escape(char) + '+', text)
    return max((len(r) for r in runs), default=0)


def _line_start_colons(text: str) -> int:
    runs = re.findall(r'^\s*(:+)', text, re.MULTILINE)
    return max((len(r) for r in runs), default=0)


def code_block(code: str, language: str = 'python', css_class: str = '') -> str:
    # Fence longer than any backtick run inside so the code cannot close it.
    fence = '`' * max(3, _longest_run(code, '`') + 1)
    if css_class:
        return (
            f'{fence}{{code-block}} {language}\n:class: {css_class}\n\n{code}\n{fence}'
        )
    return f'{fence}{language}\n{code}\n{fence}'


def tab_set(bodies: dict, kind: str) -> str:
    """A synced tab-set with the four frameworks in book order."""
    # Colon fences close on a line of at least as many colons; size them so
    # nothing inside (even nested containers) can close them early.
    inner = max(3, _line_start_colons('\n'.join(bodies.values())) + 1)
    item, outer = ':' * inner, ':' * (inner + 1)
    lines = [
        f'{outer}{{tab-set}}',
        f':sync-group: {SYNC_GROUP}',
        f':class: d2l-tabs d2l-{kind}-tabs',
        '',
    ]
    for fw in FRAMEWORKS:
        lines.append(f'{item}{{tab-item}} {FRAMEWORK_NAMES[fw]}')
        lines.append(f':sync: {fw}')
        if fw == DEFAULT_FRAMEWORK:
            lines.append(':selected:')
        lines += ['', bodies[fw].strip('\n'), item, '']
    lines.append(outer)
    return '\n'.join(lines)


def _note(text: str) -> str:
    return f'*{text}*'


# ---------------------------------------------------------------- outputs


def _clean_text(text: str) -> str:
    text = _ANSI.sub('', text)
    # A carriage return redraws the line (progress bars): keep what stays visible.
    lines = [line.rsplit('\r', 1)[-1] for line in text.split('\n')]
    return '\n'.join(lines)


def output_items(outputs: list) -> list:
    """Reduce notebook outputs to comparable items.

    Items are ('stream', text) for printed text, ('text', text) for a plain
    result, ('image', ext, bytes) and ('error', traceback). stderr is left out
    on purpose: it carries framework log noise and warnings, not results, and
    nbval does not check it either.
    """
    items: list = []
    for out in outputs or []:
        kind = out.get('output_type')
        if kind == 'stream':
            if out.get('name') != 'stdout':
                continue
            text = _clean_text(cell_source({'source': out.get('text', '')}))
            if items and items[-1][0] == 'stream':
                items[-1] = ('stream', items[-1][1] + text)  # streams arrive in pieces
            else:
                items.append(('stream', text))
        elif kind in ('display_data', 'execute_result'):
            data = out.get('data', {})
            for mime, ext in (('image/png', 'png'), ('image/jpeg', 'jpg')):
                if mime in data:
                    payload = data[mime]
                    payload = ''.join(payload) if isinstance(payload, list) else payload
                    items.append(('image', ext, base64.b64decode(payload)))
                    break
            else:
                if 'image/svg+xml' in data:
                    svg = cell_source({'source': data['image/svg+xml']})
                    items.append(('image', 'svg', svg.encode('utf-8')))
                elif 'text/plain' in data:
                    items.append(
                        (
                            'text',
                            _clean_text(cell_source({'source': data['text/plain']}))
                            + '\n',
                        )
                    )
        elif kind == 'error':
            trace = (
                '\n'.join(out.get('traceback', []))
                or f'{out.get("ename")}: {out.get("evalue")}'
            )
            items.append(('error', _clean_text(trace)))
    # Trailing newlines are noise in a comparison between frameworks.
    cleaned = []
    for item in items:
        if item[0] in ('stream', 'text', 'error'):
            text = item[1].strip('\n')
            if text.strip():
                cleaned.append((item[0], text))
        else:
            cleaned.append(item)
    return cleaned


def render_items(items: list, fw: str, ctx: Context) -> str:
    parts = []
    for item in items:
        if item[0] in ('stream', 'text'):
            parts.append(code_block(item[1], 'text', 'd2l-output'))
        elif item[0] == 'error':
            parts.append(code_block(item[1], 'text', 'd2l-output d2l-error'))
        else:
            _, ext, data = item
            path = ctx.write_image(data, ext)
            parts.append(
                '```{image} ' + path + '\n'
                f':alt: {ctx.msg("figure", fw)}\n'
                ':class: d2l-figure\n'
                '```'
            )
    return '\n\n'.join(parts)


# ---------------------------------------------------------------- markdown


def _target(label: str, ctx: Context) -> str:
    return f'({ctx.label_prefix}{label})='


def _collect_labels(cells: list) -> dict:
    labels = {}
    for cell in cells:
        if cell.get('cell_type') != 'markdown':
            continue
        for line in cell_source(cell).split('\n'):
            if _LABEL.match(line):
                labels[_LABEL.match(line).group(1)] = 'sec'
            elif _EQLABEL.match(line):
                labels[_EQLABEL.match(line).group(1)] = 'eq'
    return labels


def _place_labels(lines: list, ctx: Context) -> list:
    """Turn ``:label:`` lines into MyST targets before their heading."""
    out: list = []
    for line in lines:
        label = _LABEL.match(line)
        eqlabel = _EQLABEL.match(line)
        if _WIDTH.match(line):
            continue
        if label or eqlabel:
            prev = len(out) - 1
            while prev >= 0 and not out[prev].strip():
                prev -= 1
            name = (label or eqlabel).group(1)
            if label and prev >= 0 and _HEADING.match(out[prev]):
                out.insert(prev, _target(name, ctx))
            elif eqlabel and prev >= 0 and out[prev].rstrip().endswith('$$'):
                # dollarmath syntax for a numbered, referable equation
                out[prev] = out[prev].rstrip() + f' ({ctx.label_prefix}{name})'
            else:
                ctx.labels.pop(
                    name, None
                )  # nothing to point at: references become text
            continue
        out.append(line)
    return out


def _readable(label: str) -> str:
    words = re.sub(r'^(sec|subsec|chap|fig|tab|eq)_', '', label)
    return re.sub(r'[_-]+', ' ', words).strip()


def _inline(text: str, ctx: Context) -> str:
    def role(match):
        kind, target = match.group(1), match.group(2)
        if kind in ('cite', 'citet', 'citep'):
            return f'[{target}]'
        if ctx.labels.get(target) == 'eq' and kind == 'eqref':
            return f'{{eq}}`{ctx.label_prefix}{target}`'
        if ctx.labels.get(target) == 'sec':
            return f'{{ref}}`{ctx.label_prefix}{target}`'
        # A section of the larger d2l book that this book does not contain.
        ctx.report(
            f"reference to '{target}' has no target in this book; shown as text",
            warning=False,
        )
        return f'*{_readable(target)}*'

    text = _ROLE.sub(role, text)
    return _HIGHLIGHT.sub(lambda m: f'**{m.group(2)}**', text)


def _outside_fences(lines: list, fn) -> list:
    """Apply fn to each run of lines that is not inside a fenced code block."""
    out, run, fence = [], [], None
    for line in lines:
        match = _FENCE.match(line)
        if fence is None:
            if match:
                if run:
                    out += fn(run)
                    run = []
                fence = match.group(1)
                out.append(line)
            else:
                run.append(line)
        else:
            out.append(line)
            if (
                match
                and match.group(1)[0] == fence[0]
                and len(match.group(1)) >= len(fence)
            ):
                fence = None
    if run:
        out += fn(run)
    return out


def convert_markdown(text: str, ctx: Context, state: dict) -> str:
    lines = text.split('\n')
    lines = _outside_fences(lines, lambda run: _place_labels(run, ctx))
    lines = _outside_fences(lines, lambda run: _inline('\n'.join(run), ctx).split('\n'))

    # Group :begin_tab: blocks; blank lines between blocks keep the set open.
    segments: list = []  # ('text', [lines]) or ('tabs', {fw: [lines]})
    current_set = None
    for fws, body in tab_segments('\n'.join(lines)):
        if fws is None:
            if any(line.strip() for line in body):
                current_set = None
            if not segments or segments[-1][0] != 'text':
                segments.append(('text', []))
            segments[-1][1].extend(body)
            continue
        if current_set is None:
            current_set = {}
            segments.append(('tabs', current_set))
        for fw in fws:
            current_set.setdefault(fw, []).extend(body + [''])

    parts = []
    for kind, content in segments:
        if kind == 'text':
            if not state.get('header_done') and ctx.header:
                for n, line in enumerate(content):
                    if line.startswith('# '):
                        content = (
                            content[: n + 1] + ['', ctx.header, ''] + content[n + 1 :]
                        )
                        state['header_done'] = True
                        break
            parts.append('\n'.join(content).strip('\n'))
        else:
            bodies = {
                fw: '\n'.join(content[fw]).strip('\n')
                if fw in content
                else _note(ctx.msg('no_prose', fw))
                for fw in FRAMEWORKS
            }
            parts.append(tab_set(bodies, 'prose'))
    return '\n\n'.join(p for p in parts if p)


# ---------------------------------------------------------------- notebook


def _executed_index(executed: dict) -> dict:
    """fw -> {source cell index: executed cell}."""
    index = {}
    for fw, nb in executed.items():
        if nb is None:
            continue
        cells = {}
        for cell in nb.get('cells', []):
            src = cell.get('metadata', {}).get('d2l_source')
            if src is not None:
                cells[int(src)] = cell
        index[fw] = cells
    return index


def _outputs_for(index: dict, fw: str, src: int, code: str, ctx: Context):
    cell = index.get(fw, {}).get(src)
    if cell is None:
        if fw in index:
            ctx.report(
                f'the {FRAMEWORK_NAMES[fw]} notebook has no cell for source cell {src}; regenerate the notebooks'
            )
        return []
    if cell_source(cell).strip() != code.strip():
        ctx.report(
            f"the {FRAMEWORK_NAMES[fw]} notebook's cell for source cell {src} has different code; "
            'regenerate the notebooks'
        )
    return output_items(cell.get('outputs', []))


def convert_notebook(source: dict, executed: dict, ctx: Context) -> dict:
    """Return a notebook of markdown cells holding the whole page as MyST."""
    cells = source.get('cells', [])
    check_answers(cells)
    ctx.labels = _collect_labels(cells)
    index = _executed_index(executed)
    state: dict = {}
    blocks: list = []
    run: list = []  # consecutive framework-specific code cells
    answer_from = None  # index in blocks where the open answer starts

    def flush():
        if not run:
            return
        bodies = {}
        for fw in FRAMEWORKS:
            pieces = []
            for src, fws, code in run:
                if fw in fws:
                    pieces.append(code_block(code))
                    rendered = render_items(
                        _outputs_for(index, fw, src, code, ctx), fw, ctx
                    )
                    if rendered:
                        pieces.append(rendered)
            bodies[fw] = (
                '\n\n'.join(pieces) if pieces else _note(ctx.msg('no_code', fw))
            )
        blocks.append(tab_set(bodies, 'code'))
        run.clear()

    for src, cell in enumerate(cells):
        kind = cell.get('cell_type')
        text = cell_source(cell)
        marker = answer_marker(cell)
        if marker == 'begin':
            flush()
            answer_from = len(blocks)
        elif marker == 'end':
            flush()
            # One block: a MyST directive cannot span notebook cells.
            blocks[answer_from:] = [dropdown(blocks[answer_from:], ctx)]
            answer_from = None
        elif kind == 'code':
            fws = code_cell_frameworks(text)
            if fws is None:
                continue
            code = split_tab_line(text)[1]
            if fws != FRAMEWORKS:
                run.append((src, fws, code))
                continue
            flush()
            blocks.append(_shared_cell(src, code, index, ctx))
        elif kind == 'markdown':
            flush()
            converted = convert_markdown(text, ctx, state)
            if converted:
                blocks.append(converted)
        else:
            flush()  # raw cells carry nothing for the HTML book
    flush()

    new_cells = [
        {'cell_type': 'markdown', 'id': f'd2l-{n}', 'metadata': {}, 'source': block}
        for n, block in enumerate(blocks)
    ]
    return {
        'cells': new_cells,
        'metadata': source.get('metadata', {}),
        'nbformat': 4,
        'nbformat_minor': max(5, source.get('nbformat_minor', 5)),
    }


def dropdown(blocks: list, ctx: Context) -> str:
    """A sphinx-design dropdown, closed by default, around MyST blocks."""
    body = '\n\n'.join(blocks)
    # Longer than any colon fence inside (tab-sets), so none can close it.
    fence = ':' * max(3, _line_start_colons(body) + 1)
    return (
        f'{fence}{{dropdown}} {registry.text(ctx.lang, "answer_title")}\n'
        ':class-container: d2l-answer\n\n'
        f'{body}\n{fence}'
    )


def _shared_cell(src: int, code: str, index: dict, ctx: Context) -> str:
    """Code shown once; outputs once if every framework printed the same."""
    parts = [code_block(code)]
    per_fw = {
        fw: _outputs_for(index, fw, src, code, ctx) for fw in FRAMEWORKS if fw in index
    }
    distinct = {repr(items) for items in per_fw.values()}
    if len(distinct) == 1:
        (fw, items), *_ = per_fw.items()
        rendered = render_items(items, fw, ctx)
        if rendered:
            parts.append(rendered)
    elif per_fw:
        bodies = {
            fw: render_items(per_fw.get(fw, []), fw, ctx)
            or _note(ctx.msg('no_output', fw))
            for fw in FRAMEWORKS
        }
        parts.append(tab_set(bodies, 'output'))
    return '\n\n'.join(parts)

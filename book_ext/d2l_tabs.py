"""Sphinx extension: framework tabs, language switch and Colab links.

On ``source-read`` each chapter notebook (``chapters/<lang>/<page>.ipynb``)
is replaced, before myst-nb parses it, by a notebook of MyST markdown built
by :mod:`d2l_build.markup`: tab-sets for code and prose, outputs taken from
``notebooks/<lang>/<fw>/<page>.ipynb``, and a header with one Colab link per
framework. Colab links derive from ``repository.url`` / ``repository.branch``
in ``_config.yml``.

Each language is a book of its own (English at the site root, Chinese under
``zh/``, see ``book_sites`` in ``d2l_local/registry.py``). Every page carries a
language switch (template ``templates/d2l-lang-switch.html``) to its twin in
the other book, found through that book's table of contents.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path

from sphinx.util import logging

from d2l_build import markup
from d2l_build.markup import FRAMEWORK_NAMES, FRAMEWORKS
from d2l_local import registry

logger = logging.getLogger(__name__)

LANGUAGE_NAMES = {lang.code: lang.name for lang in registry.LANGUAGES}
# Pages Sphinx writes in every book, outside any table of contents.
GENERATED_PAGES = {'search', 'genindex'}
# The repository (or a copy of the book): the other language's toc is read
# from here, since each book's source folder holds only its own pages.
BOOK_ROOT = Path(__file__).resolve().parent.parent


def _page_match(app, docname: str):
    return re.fullmatch(app.config.d2l_tabs_pages, docname)


def _repository(app) -> dict:
    """repository.* from _config.yml, as Jupyter Book passed it to the theme."""
    options = app.config.html_theme_options or {}
    repo = {
        'url': options.get('repository_url'),
        'branch': options.get('repository_branch'),
        'path_to_book': options.get('path_to_docs'),
    }
    if not repo['url']:
        # The theme options were replaced by hand: read the book's config itself.
        config = Path(app.srcdir, '_config.yml')
        if config.is_file():
            import yaml

            repo.update(
                (yaml.safe_load(config.read_text(encoding='utf-8')) or {}).get(
                    'repository'
                )
                or {}
            )
    return repo


def _github_repo(app) -> tuple:
    options = _repository(app)
    url = (options.get('url') or '').rstrip('/')
    match = re.fullmatch(r'https://github\.com/([^/]+)/([^/]+?)(?:\.git)?', url)
    if not match:
        raise ValueError(
            f'repository.url in _config.yml must be https://github.com/<owner>/<repo>, got {url!r}'
        )
    branch = options.get('branch') or 'main'
    prefix = (options.get('path_to_book') or '').strip('/')
    return match.group(1), match.group(2), branch, (prefix + '/' if prefix else '')


def colab_url(app, lang: str, fw: str, page: str) -> str:
    owner, repo, branch, prefix = _github_repo(app)
    notebook = f'{prefix}{app.config.d2l_tabs_notebooks}/{lang}/{fw}/{page}.ipynb'
    return f'https://colab.research.google.com/github/{owner}/{repo}/blob/{branch}/{notebook}'


def _header(app, docname: str, lang: str, page: str) -> str:
    links = []
    for fw in FRAMEWORKS:
        item = f'- [{FRAMEWORK_NAMES[fw]}]({colab_url(app, lang, fw, page)})'
        info = registry.framework(fw)
        if not info.colab:
            target = registry.text(lang, 'run_locally_label')
            item += ' — ' + registry.text(
                lang, 'not_on_colab', note=info.colab_note[lang], target=target
            )
        links.append(item)
    return '\n'.join(
        [
            '::::{container} d2l-page-tools',
            ':::{container} d2l-colab',
            f'**{registry.text(lang, "colab")}**',
            '',
            *links,
            ':::',
            '::::',
        ]
    )


def _image_writer(app, docname: str):
    # One content-addressed folder: identical figures are stored and copied once.
    folder = Path(app.doctreedir).parent / 'd2l_outputs'
    docdir = Path(app.srcdir, docname).parent

    def write(data: bytes, ext: str) -> str:
        folder.mkdir(parents=True, exist_ok=True)
        # Named by content: an existing file already holds these bytes, so
        # rebuilds leave it alone and Sphinx sees no change.
        path = folder / f'{hashlib.sha1(data).hexdigest()[:16]}.{ext}'
        if not path.exists():
            partial = path.with_suffix(f'.{os.getpid()}.tmp')
            partial.write_bytes(data)
            os.replace(partial, path)  # atomic: parallel readers never see half a file
        return Path(os.path.relpath(path, docdir)).as_posix()

    return write


def on_source_read(app, docname: str, source: list) -> None:
    match = _page_match(app, docname)
    if not match or not str(app.env.doc2path(docname)).endswith('.ipynb'):
        return
    lang, page = match.group('lang'), match.group('page')
    # Rebuild the chapter when the converter itself changes, not only its inputs.
    for module in (__file__, markup.__file__):
        app.env.note_dependency(module)
    executed = {}
    for fw in FRAMEWORKS:
        path = Path(
            app.srcdir, app.config.d2l_tabs_notebooks, lang, fw, f'{page}.ipynb'
        )
        if path.is_file():
            executed[fw] = json.loads(path.read_text(encoding='utf-8'))
            app.env.note_dependency(str(path))
        else:
            logger.warning(
                f'missing executed notebook {path.relative_to(app.srcdir)}: run `make notebooks`',
                location=docname,
                type='d2l',
                subtype='notebook',
            )
            executed[fw] = None

    def report(message: str, warning: bool = True) -> None:
        if warning:
            logger.warning(message, location=docname, type='d2l', subtype='notebook')
        else:
            logger.info(f'{docname}: {message}')

    ctx = markup.Context(
        lang=lang,
        label_prefix=f'{lang}-',
        header=_header(app, docname, lang, page),
        write_image=_image_writer(app, docname),
        report=report,
    )
    try:
        notebook = markup.convert_notebook(json.loads(source[0]), executed, ctx)
    except markup.MarkupError as err:
        logger.warning(
            f'd2l markup: {err}', location=docname, type='d2l', subtype='markup'
        )
        return
    source[0] = json.dumps(notebook, ensure_ascii=False)


def on_env_get_outdated(app, env, added, changed, removed) -> list:
    # Re-read the chapters on every build (about a second): their problems
    # (stale or missing notebooks) are warnings, and Sphinx only warns while
    # reading, so an incremental build would otherwise pass in silence.
    return [doc for doc in env.found_docs if _page_match(app, doc)]


def on_config_inited(app, config) -> None:
    # A search dictionary is named relative to the book, not to wherever the
    # build was started; jieba opens it only if it is an existing file.
    options = config.html_search_options or {}
    if options.get('dict') and not os.path.isabs(options['dict']):
        path = Path(app.srcdir, options['dict'])
        if not path.is_file():
            logger.warning(
                f'search dictionary {path} not found', type='d2l', subtype='search'
            )
        config.html_search_options = {**options, 'dict': str(path)}
    # MathJax is served from the book itself so math renders offline. It lives
    # outside _static because Jupyter Book would add every .js found there to
    # every page.
    mathjax = Path(app.srcdir, config.d2l_mathjax_static)
    if (mathjax / 'mathjax' / 'tex-chtml-full.js').is_file():
        config.html_static_path.append(str(mathjax))
    else:
        logger.warning(
            f'MathJax not found under {config.d2l_mathjax_static}: run `bash tools/book.sh`',
            type='d2l',
            subtype='mathjax',
        )


def site_language(config) -> str:
    """The book's language code as used in paths: zh_CN -> zh."""
    return (config.language or 'en').split('_')[0]


@lru_cache(maxsize=None)
def _toc_docs(toc: Path) -> frozenset:
    """Every document a table of contents lists (root included)."""
    import yaml

    found = set()

    def walk(node):
        if isinstance(node, dict):
            for key in ('root', 'file'):
                if isinstance(node.get(key), str):
                    found.add(re.sub(r'\.(md|ipynb)$', '', node[key]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(yaml.safe_load(toc.read_text(encoding='utf-8')))
    return frozenset(found)


def language_switch(app, pagename: str) -> list:
    """(name, relative url, language) of this page in each other book.

    A page without a twin links to the other book's landing page, so the
    switch never leads nowhere.
    """
    languages = registry.book_sites()
    lang = site_language(app.config)
    if lang not in languages:
        return []
    # From this page up to the root of the whole site (the English book).
    up = '../' * (pagename.count('/') + languages[lang]['site'].count('/'))
    switches = []
    for other, where in languages.items():
        if other == lang:
            continue
        docs = _toc_docs(BOOK_ROOT / where['toc'])
        twin = re.sub(rf'(^|/){lang}/', rf'\g<1>{other}/', pagename, count=1)
        if twin not in docs and twin not in GENERATED_PAGES:
            twin = 'index'
        url = f'{up}{where["site"]}{twin}{app.builder.out_suffix}'
        switches.append((LANGUAGE_NAMES.get(other, other), url, other))
    return switches


def on_html_page_context_switch(app, pagename, templatename, context, doctree) -> None:
    context['d2l_lang_switch'] = language_switch(app, pagename)


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    # Some bundled extensions register their inline scripts twice; a repeated
    # `const` declaration is a JavaScript error, so keep the first copy only.
    scripts = context.get('script_files')
    if scripts:
        seen, unique = set(), []
        for script in scripts:
            attributes = getattr(script, 'attributes', {}) or {}
            key = (
                str(getattr(script, 'filename', script) or ''),
                attributes.get('body'),
            )
            if key not in seen:
                seen.add(key)
                unique.append(script)
        context['script_files'] = unique


def setup(app):
    app.add_config_value(
        'd2l_tabs_pages', r'chapters/(?P<lang>[a-z]{2})/(?P<page>[^/]+)', 'env'
    )
    app.add_config_value('d2l_tabs_notebooks', 'notebooks', 'env')
    app.add_config_value('d2l_mathjax_static', '.cache/mathjax/static', 'html')
    app.connect('config-inited', on_config_inited)
    app.connect('env-get-outdated', on_env_get_outdated)
    app.connect('source-read', on_source_read)
    # Early: the theme drops header templates that render empty, so the
    # switch must be in the context before it looks.
    app.connect('html-page-context', on_html_page_context_switch, priority=100)
    app.connect('html-page-context', on_html_page_context, priority=900)
    return {'version': '1.0', 'parallel_read_safe': True, 'parallel_write_safe': True}

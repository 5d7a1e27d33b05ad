"""Sphinx extension: the download menu offers runnable notebooks and PDFs.

The theme's download menu (sphinx-book-theme) offers the page's source,
which for a chapter is the tabbed notebook that needs d2lbook and mixes four
frameworks, and a "PDF" entry that only opens the browser's print dialog.
On chapter pages this extension replaces that menu with one entry per
framework for the plain notebook (the file Colab opens) and one for the
framework's PDF; ``_static/d2l-downloads.js`` puts the framework selected in
the tabs first. On other pages it only drops the print entry.

After the build it copies the notebooks into the site and writes
``d2l-downloads.json`` at the site root: the pages, their notebooks and the
PDF paths that ``d2l_build/pdfs.py`` prints.

Settings (all optional):

- ``d2l_downloads_pages``: regex of chapter docnames, with groups ``page``
  and, unless the site has one language, ``lang`` (default: ``d2l_tabs_pages``
  when that extension is loaded).
- ``d2l_downloads_notebooks``: source folder of ``<lang>/<fw>/<page>.ipynb``.
- ``d2l_downloads_notebook_url`` / ``d2l_downloads_pdf_url``: where notebooks
  and PDFs live in the site, relative to its root.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from sphinx.util import logging

from d2l_local import registry

logger = logging.getLogger(__name__)

FRAMEWORKS = {fw.key: fw.name for fw in registry.FRAMEWORKS}
DEFAULT_PAGES = r'chapters/(?P<lang>[a-z]{2})/(?P<page>[^/]+)'
MANIFEST = 'd2l-downloads.json'
STATIC = Path(__file__).resolve().parent.parent / '_static'
ASSETS = {'js': 'd2l-downloads.js', 'css': 'd2l-downloads.css'}


def _pattern(app) -> str:
    return (
        app.config.d2l_downloads_pages
        or getattr(app.config, 'd2l_tabs_pages', None)
        or DEFAULT_PAGES
    )


def chapter(app, docname: str):
    """(lang, page) of a chapter docname, or None for any other page."""
    match = re.fullmatch(_pattern(app), docname)
    if not match:
        return None
    groups = match.groupdict()
    # A one-language site may drop the language from its docnames.
    lang = (
        groups.get('lang')
        or (app.config.language or registry.source_language()).split('_')[0]
    )
    return lang, groups['page']


def notebook_source(app, lang: str, fw: str, page: str) -> Path:
    return Path(
        app.srcdir, app.config.d2l_downloads_notebooks, lang, fw, f'{page}.ipynb'
    )


def site_paths(app, lang: str, fw: str, page: str) -> tuple:
    """Notebook and PDF paths relative to the site root."""
    fields = {'lang': lang, 'fw': fw, 'page': page}
    return app.config.d2l_downloads_notebook_url.format(
        **fields
    ), app.config.d2l_downloads_pdf_url.format(**fields)


def _relative(pagename: str, target: str) -> str:
    # Relative links keep the site movable (a subfolder, file://).
    return Path(
        os.path.relpath(target, Path(pagename).parent.as_posix() or '.')
    ).as_posix()


def _menu(app, pagename: str, lang: str, page: str) -> list:
    if lang not in registry.language_codes():
        lang = registry.source_language()
    buttons = []
    for fw, name in FRAMEWORKS.items():
        if not notebook_source(app, lang, fw, page).is_file():
            continue  # d2l_tabs already warns about a missing notebook
        notebook, pdf = site_paths(app, lang, fw, page)
        # `label` becomes the class `btn-<label>`: the script finds entries by it.
        for kind, target, icon in (
            ('notebook', notebook, 'fas fa-code'),
            ('pdf', pdf, 'fas fa-file-pdf'),
        ):
            buttons.append(
                {
                    'type': 'link',
                    'url': _relative(pagename, target),
                    'text': registry.text(lang, f'download_{kind}', fw=name),
                    'tooltip': registry.text(
                        lang,
                        'download_tip_nb' if kind == 'notebook' else 'download_tip_pdf',
                        fw=name,
                    ),
                    'icon': icon,
                    'label': f'd2l-download-{kind}-{fw}',
                }
            )
    return buttons


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    groups = [
        b
        for b in context.get('header_buttons') or []
        if b.get('label') == 'download-buttons'
    ]
    if not groups:
        return
    found = chapter(app, pagename)
    for group in groups:
        if found:
            group['buttons'] = _menu(app, pagename, *found)
        else:
            # window.print() is not a PDF download; the page source stays.
            group['buttons'] = [
                b for b in group['buttons'] if b.get('label') != 'download-pdf-button'
            ]


def on_build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != 'html':
        return
    out = Path(app.outdir)
    pages = []
    for docname in sorted(app.env.found_docs):
        found = chapter(app, docname)
        if not found:
            continue
        lang, page = found
        entry = {
            'docname': docname,
            'html': app.builder.get_target_uri(docname),
            'lang': lang,
            'page': page,
            'title': app.env.titles[docname].astext()
            if docname in app.env.titles
            else page,
            'frameworks': {},
        }
        for fw in FRAMEWORKS:
            source = notebook_source(app, lang, fw, page)
            if not source.is_file():
                continue
            notebook, pdf = site_paths(app, lang, fw, page)
            target = out / notebook
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            entry['frameworks'][fw] = {
                'name': FRAMEWORKS[fw],
                'notebook': notebook,
                'pdf': pdf,
            }
        pages.append(entry)
    manifest = {
        'book': app.config.html_title or app.config.project,
        'language': app.config.language,
        'pages': pages,
    }
    (out / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + '\n', encoding='utf-8'
    )


def on_config_inited(app, config) -> None:
    # Jupyter Book already links every script and stylesheet of the book's
    # _static; a site built from elsewhere gets them from here.
    if not any(
        Path(app.confdir, p, ASSETS['js']).is_file() for p in config.html_static_path
    ):
        config.html_static_path.append(str(STATIC))
    if ASSETS['js'] not in [
        f if isinstance(f, str) else f[0] for f in config.html_js_files
    ]:
        app.add_js_file(ASSETS['js'])
    if ASSETS['css'] not in [
        f if isinstance(f, str) else f[0] for f in config.html_css_files
    ]:
        app.add_css_file(ASSETS['css'])


def setup(app):
    app.add_config_value('d2l_downloads_pages', None, 'html')
    app.add_config_value('d2l_downloads_notebooks', 'notebooks', 'html')
    app.add_config_value(
        'd2l_downloads_notebook_url', 'notebooks/{lang}/{fw}/{page}.ipynb', 'html'
    )
    app.add_config_value('d2l_downloads_pdf_url', 'pdf/{lang}/{page}-{fw}.pdf', 'html')
    app.connect('config-inited', on_config_inited)
    # After the theme has filled in its header buttons (priority 501).
    app.connect('html-page-context', on_html_page_context, priority=600)
    app.connect('build-finished', on_build_finished)
    return {'version': '1.0', 'parallel_read_safe': True, 'parallel_write_safe': True}

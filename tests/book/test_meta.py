"""Every page describes itself to search engines and link previews.

Each page of both books carries a ``<meta name="description">`` and the
Open Graph tags og:title, og:description and og:image (written by
sphinxext-opengraph through book_ext/d2l_meta.py), all in the language of
its book: the description is the one its source gives, the title its own,
the picture the card of its language.
"""

import json
import re

import pytest
from book_helpers import ROOT, site_dir, sites, toc_pages
from bs4 import BeautifulSoup

from d2l_local import registry

CJK = re.compile(r'[\u3400-\u9fff\uff00-\uffef]')
PAGES = toc_pages()


def source_description(docname):
    """What the page's source says it is about (notebook metadata or front matter)."""
    ipynb = ROOT / f'{docname}.ipynb'
    if ipynb.is_file():
        return json.loads(ipynb.read_text(encoding='utf-8'))['metadata']['description']
    return None  # Markdown pages: checked for language and presence only


def page_path(html_dir, lang, docname):
    # The Chinese book's root page is zh/index.md, built as its own index.
    return site_dir(html_dir, lang) / f'{docname}.html'


KEYS = ('description', 'og:title', 'og:description', 'og:image', 'og:url')


def tags(doc):
    found = {}
    for meta in doc.find_all('meta'):
        key = meta.get('property') or meta.get('name')
        if key in KEYS:
            assert key not in found, f'{key} given twice'
            found[key] = meta.get('content', '')
    return found


@pytest.mark.parametrize('lang,docname', PAGES, ids=[f'{a}:{b}' for a, b in PAGES])
def test_page_has_description_and_open_graph_tags_in_its_language(
    html_dir, lang, docname
):
    path = page_path(html_dir, lang, docname)
    assert path.is_file(), f'not built: {path}'
    doc = BeautifulSoup(path.read_text(encoding='utf-8'), 'html.parser')
    assert doc.html['lang'] == registry.language(lang).html
    meta = tags(doc)
    for key in KEYS:
        assert meta.get(key, '').strip(), f'{path}: no {key}'
    assert meta['og:description'] == meta['description']
    expected = source_description(docname)
    if expected is not None:
        assert meta['description'] == ' '.join(expected.split())
    # og:title is the page's own title, the one its <title> starts with.
    assert doc.title.get_text().strip().startswith(meta['og:title'])
    # The language shows in the words: Chinese text in the Chinese book,
    # none in the English one.
    for key in ('description', 'og:title'):
        assert bool(CJK.search(meta[key])) == (lang == 'zh'), (
            f'{path}: {key} {meta[key]!r} is not in {lang}'
        )
    # The picture: an absolute address on the book's site, the card of
    # this language, and the file is in the build.
    image = meta['og:image']
    assert image.startswith('https://') and image.endswith(f'og-card-{lang}.png')
    assert (site_dir(html_dir, lang) / '_static' / f'og-card-{lang}.png').is_file()
    assert meta['og:url'].startswith('https://')
    assert (
        meta['og:url']
        .removesuffix(f'{docname}.html')
        .endswith('/' + sites()[lang]['site'])
    )


def test_every_page_says_something_different(html_dir):
    seen = {}
    for lang, docname in PAGES:
        doc = BeautifulSoup(
            page_path(html_dir, lang, docname).read_text(encoding='utf-8'),
            'html.parser',
        )
        seen.setdefault(tags(doc)['description'], []).append(f'{lang}:{docname}')
    assert all(len(pages) == 1 for pages in seen.values()), seen

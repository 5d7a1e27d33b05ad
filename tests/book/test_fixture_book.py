"""Build a whole two-chapter book from the fixtures, with the real configuration.

Proves the flow works for more than one chapter: the fixture notebooks are
what the splitter makes of the fixture sources, the extension merges every
chapter into tabs, the book builds without a single warning and every
internal link resolves. Expectations about fits and math belong to the page
that has them (the first), not to every page.
"""

import os
import shutil
import subprocess

import pytest
import test_links
from book_helpers import FIXTURES, FRAMEWORKS, LANGUAGES, REPO
from bs4 import BeautifulSoup

from d2l_build import split_notebooks
from d2l_local import registry

# A translation's book lives in a folder named after its language.
COPY = ['_config.yml', 'index.md', *registry.translations(), 'book_ext', '_static']
PAGES = ['mlp-implementation', 'tensor-recap']


@pytest.fixture(scope='module')
def book(tmp_path_factory):
    mathjax = REPO / '.cache' / 'mathjax' / 'static'
    assert mathjax.is_dir(), (
        'MathJax is missing: run `bash tools/ensure_mathjax.sh` once'
    )
    book = tmp_path_factory.mktemp('fixture') / 'book'
    book.mkdir()
    for name in COPY:
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, book / name)
    shutil.copy(FIXTURES / '_toc.yml', book / '_toc.yml')
    for lang in registry.translations():
        shutil.copy(FIXTURES / f'{lang}_toc.yml', book / lang / '_toc.yml')
    for name in ('chapters', 'notebooks'):
        shutil.copytree(FIXTURES / name, book / name)
    (book / '.cache').mkdir()
    (book / '.cache' / 'mathjax').symlink_to(mathjax.parent)
    return book


def test_fixture_notebooks_are_the_split_of_their_sources(book):
    assert split_notebooks.stale(book) == [], (
        'run .venv/book/bin/python tests/book/fixtures/make_fixtures.py'
    )
    assert sorted(page for _, page, _ in split_notebooks.sources(book)) == sorted(
        PAGES * 2
    )


@pytest.fixture(scope='module')
def html(book):
    # The way `make book` builds: both sites and report pages. Not the PDFs,
    # which nothing here reads (the real book's are tested, and the growing
    # book's new page's).
    result = subprocess.run(
        ['bash', str(REPO / 'tools' / 'book.sh'), str(book)],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, 'D2L_BOOK_HTML_ONLY': '1'},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return book / '_build' / 'html'


def site(html, lang):
    return html if lang == registry.source_language() else html / lang


def read(path):
    return BeautifulSoup(path.read_text(encoding='utf-8'), 'html.parser')


def tab_sets(doc):
    sets = doc.select('div.sd-tab-set')
    for tab_set in sets:
        assert [
            lab['data-sync-id'] for lab in tab_set.select(':scope > label')
        ] == FRAMEWORKS
    return sets


@pytest.mark.parametrize('lang', LANGUAGES)
def test_the_training_chapter_has_tabs_figures_and_math(html, lang):
    page = site(html, lang) / 'chapters' / lang / 'mlp-implementation.html'
    doc = read(page)
    assert len(tab_sets(doc)) == 3
    images = doc.select('img.d2l-figure')
    assert len(images) == 4 and all(
        (page.parent / img['src']).is_file() for img in images
    )
    assert doc.select('.math')


@pytest.mark.parametrize('lang', LANGUAGES)
def test_the_second_chapter_needs_no_fit_and_no_math(html, lang):
    page = site(html, lang) / 'chapters' / lang / 'tensor-recap.html'
    doc = read(page)
    sets = tab_sets(doc)
    assert len(sets) == 2  # the imports, the prose block given for PyTorch only
    assert not doc.select('img.d2l-figure') and not doc.select('.math')
    # the frameworks without prose say so (the one rule for a missing prose tab)
    assert len(sets[1].select('em')) == 3
    # the cross-reference to the first chapter is a link to it
    links = [a['href'] for a in doc.select('a.reference.internal')]
    assert any(href.startswith('mlp-implementation.html') for href in links), links


def test_every_internal_link_of_the_two_chapter_book_resolves(html):
    test_links.test_internal_links_resolve(html, unbuilt=('.pdf',))

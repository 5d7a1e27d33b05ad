"""Fixtures for the book tests: the built HTML and the book's configuration.

The tests read ``_build/html`` as built by ``bash tools/book.sh``. Set
D2L_BOOK_ROOT to test a book built elsewhere (the fixture book, for example).
"""

import pytest
import yaml
from book_helpers import HTML, ROOT, chapter_pages, chromium


@pytest.fixture(scope='session')
def html_dir():
    if not (HTML / 'index.html').is_file():
        pytest.fail(
            f'no built book at {HTML}: run `bash tools/book.sh` (make book) first'
        )
    return HTML


@pytest.fixture(scope='session')
def config():
    return yaml.safe_load((ROOT / '_config.yml').read_text(encoding='utf-8'))


@pytest.fixture(scope='session')
def chapters():
    pages = chapter_pages()
    assert pages, '_toc.yml lists no chapters/<lang>/<page> files'
    return pages


@pytest.fixture(scope='module')
def server(html_dir):
    """The built site on a local HTTP server: its base URL."""
    with chromium.serve(html_dir) as base:
        yield base


@pytest.fixture(scope='session')
def chromium_path():
    if chromium.missing():
        pytest.fail(chromium.missing())
    return str(chromium.CHROMIUM)

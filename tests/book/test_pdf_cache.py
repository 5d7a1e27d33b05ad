"""A page's PDFs are printed again exactly when what they are printed from
changed (d2l_build/pdfs.py): its HTML and the files it loads, not the other
pages; FULL=1 and CI print everything."""

import pytest

from d2l_build import pdfs

MANIFEST = {'book': 'A Book'}
ENTRY = {'html': 'page.html', 'lang': 'en', 'frameworks': {'jax': {'pdf': 'p.pdf'}}}


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.setattr(pdfs, 'CACHE', tmp_path / 'cache')
    monkeypatch.delenv('FULL', raising=False)
    monkeypatch.delenv('CI', raising=False)
    (tmp_path / '_images').mkdir()
    (tmp_path / '_images' / 'fig.png').write_bytes(b'png 1')
    (tmp_path / 'page.html').write_text(
        '<img src="_images/fig.png"><a href="other.html">next</a>', 'utf-8'
    )
    (tmp_path / 'other.html').write_text('<p>another page</p>', 'utf-8')
    return tmp_path


def key(site, fw='jax'):
    return pdfs.print_key(site / 'page.html', MANIFEST, ENTRY, fw)


def test_the_key_follows_the_page_and_what_it_loads_only(site):
    before = key(site)
    assert key(site) == before
    (site / 'other.html').write_text('<p>edited</p>', 'utf-8')
    assert key(site) == before, 'another page changed the key'
    (site / '_images' / 'fig.png').write_bytes(b'png 2')
    after_image = key(site)
    assert after_image != before, 'a new figure did not change the key'
    (site / 'page.html').write_text('<img src="_images/fig.png"> edited', 'utf-8')
    assert key(site) != after_image, 'an edit of the page did not change the key'
    assert key(site, 'pytorch') != key(site)


def test_another_pages_edit_of_the_search_index_leaves_the_key(site):
    (site / 'searchindex.js').write_text('Search.setIndex({})', 'utf-8')
    (site / 'page.html').write_text('<script src="searchindex.js"></script>', 'utf-8')
    before = key(site)
    (site / 'searchindex.js').write_text('Search.setIndex({"other": 1})', 'utf-8')
    assert key(site) == before


def test_a_stylesheets_checksum_stamp_leaves_the_key(site):
    """A fresh build links `x.css`, the incremental one after it
    `x.css?v=8cd3d715`: the same page, the same PDF."""
    (site / 'x.css').write_text('p {}', 'utf-8')
    (site / 'page.html').write_text('<link href="x.css" />', 'utf-8')
    before = key(site)
    (site / 'page.html').write_text('<link href="x.css?v=8cd3d715" />', 'utf-8')
    assert key(site) == before
    (site / 'x.css').write_text('p {color: red}', 'utf-8')
    assert key(site) != before, 'an edited stylesheet did not change the key'


def test_a_cached_pdf_is_reused_unless_everything_is_asked_for(site, monkeypatch):
    target = site / 'pdf' / 'p.pdf'
    assert not pdfs.from_cache(key(site), target)
    target.parent.mkdir()
    target.write_bytes(b'%PDF printed')
    pdfs.to_cache(key(site), target)
    target.unlink()
    assert pdfs.from_cache(key(site), target)
    assert target.read_bytes() == b'%PDF printed'
    for name in ('FULL', 'CI'):
        with monkeypatch.context() as env:
            env.setenv(name, '1')
            assert not pdfs.from_cache(key(site), target), f'{name}=1 reused a PDF'

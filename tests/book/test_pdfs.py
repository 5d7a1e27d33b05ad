"""The per-framework PDFs that d2l_build/pdfs.py prints after the HTML build.

Every chapter page of every site (as listed in the d2l-downloads.json
manifests) has one PDF per framework, showing that framework's code only.
"""

import hashlib
import json
import re

import pypdf
import pytest
from book_helpers import FRAMEWORKS, LANGUAGES, NAMES, REPO
from pypdf import PdfReader
from test_downloads import chapter_entries, manifests

from d2l_local import registry

CJK = re.compile(r'[\u4e00-\u9fff]')
# What a reader's search would miss: ideographs extracted as radicals.
RADICALS = re.compile(r'[\u2e80-\u2fdf]')


def import_line(fw):
    return f'from d2l_local import {registry.framework(fw).module} as d2l'


# Text extraction is the slow part of these tests. It is a function of the
# PDF's bytes and pypdf, so it is kept by digest: once per PDF and run, and
# a PDF left unchanged by a build (d2l_build/pdfs.py reuses unchanged
# pages' PDFs) is not extracted again.
TEXTS = REPO / '.cache' / 'pdf-text'


def _text(path, reader):
    digest = hashlib.sha256(pypdf.__version__.encode() + path.read_bytes())
    cached = TEXTS / f'{digest.hexdigest()}.txt'
    if cached.is_file():
        return cached.read_text(encoding='utf-8')
    # Extraction splits lines and spaces unevenly: compare on single spaces.
    text = re.sub(
        r'\s+', ' ', '\n'.join(page.extract_text() or '' for page in reader.pages)
    )
    TEXTS.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix('.partial')
    partial.write_text(text, encoding='utf-8')
    partial.replace(cached)
    return text


def _fonts(reader):
    """(name, subtype, embedded) of every font on every page."""
    seen = {}
    for page in reader.pages:
        resources = page.get('/Resources') or {}
        for font in (resources.get('/Font') or {}).values():
            font = font.get_object()
            key = id(font)
            if key in seen:
                continue
            subtype = font.get('/Subtype')
            if subtype == '/Type3':
                embedded = '/CharProcs' in font  # glyphs drawn by the PDF itself
            else:
                descendants = font.get('/DescendantFonts')
                descriptor = (descendants[0].get_object() if descendants else font).get(
                    '/FontDescriptor'
                )
                descriptor = descriptor.get_object() if descriptor else {}
                embedded = any(
                    k in descriptor for k in ('/FontFile', '/FontFile2', '/FontFile3')
                )
            seen[key] = (str(font.get('/BaseFont')), subtype, embedded)
    return list(seen.values())


@pytest.fixture(scope='module')
def pdfs(html_dir):
    found = []
    for site, entry in chapter_entries(html_dir):
        for fw, info in entry['frameworks'].items():
            path = site / info['pdf']
            assert path.is_file(), (
                f'missing {path}: run `.venv/book/bin/python -m d2l_build.pdfs` after the HTML build'
            )
            found.append((entry, fw, path, PdfReader(str(path))))
    return found


def test_one_pdf_per_page_framework_and_language(pdfs):
    made = {(entry['lang'], entry['page'], fw) for entry, fw, _, _ in pdfs}
    pages = {(entry['lang'], entry['page']) for entry, _, _, _ in pdfs}
    assert {lang for lang, _ in pages} == set(LANGUAGES)
    assert made == {(lang, page, fw) for lang, page in pages for fw in FRAMEWORKS}


def test_each_pdf_holds_its_framework_only(pdfs):
    for _entry, fw, path, reader in pdfs:
        assert len(reader.pages) > 1, f'{path}: no content after the title page'
        text = _text(path, reader)
        assert import_line(fw) in text, f'{path}: {import_line(fw)!r} not found'
        for other in FRAMEWORKS:
            if other != fw:
                assert import_line(other) not in text, f'{path}: holds {other} code'
        # The outputs travel with their code: a fit prints its metrics.
        assert 'val_acc' in text, f'{path}: no training output'


def test_title_page_names_book_framework_and_language(pdfs, html_dir):
    books = {}
    for _, manifest in manifests(html_dir):
        for entry in manifest['pages']:
            books[entry['docname'], entry['lang']] = manifest['book']
    for entry, fw, path, reader in pdfs:
        first = re.sub(r'\s+', ' ', reader.pages[0].extract_text())
        assert books[entry['docname'], entry['lang']] in first, (
            f'{path}: book title missing on page 1'
        )
        assert NAMES[fw] in first and LANGUAGES[entry['lang']] in first, (
            f'{path}: page 1 reads {first!r}'
        )


def test_math_is_typeset_not_left_as_tex(pdfs):
    for _, _, path, reader in pdfs:
        text = _text(path, reader)
        assert '\\mathbf' not in text and '$$' not in text, (
            f'{path}: raw TeX in the PDF'
        )


def _prose_ideographs(notebook):
    """How many ideographs the notebook's prose cells hold."""
    cells = json.loads(notebook.read_text(encoding='utf-8'))['cells']
    return sum(
        len(CJK.findall(''.join(c['source'])))
        for c in cells
        if c['cell_type'] == 'markdown'
    )


def test_fonts_are_embedded_and_chinese_is_extractable(pdfs):
    for entry, fw, path, reader in pdfs:
        fonts = _fonts(reader)
        assert fonts, f'{path}: no fonts'
        missing = [name for name, _, embedded in fonts if not embedded]
        assert not missing, f'{path}: fonts not embedded: {missing}'
        if entry['lang'] == 'zh':
            text = _text(path, reader)
            # Measured against the page's own prose (the PDFs hold 0.99 to 1.02
            # of it: headings and figure text come and go), so that a short
            # page passes and a long one cannot lose a tenth of its text.
            notebook = REPO / entry['frameworks'][fw]['notebook']
            expected = _prose_ideographs(notebook)
            assert len(CJK.findall(text)) >= 0.9 * expected, (
                f'{path}: {len(CJK.findall(text))} ideographs can be extracted, '
                f'of about {expected} in {notebook.name}'
            )
            assert entry['title'] in text.replace(' ', ''), (
                f'{path}: the page title is not extractable'
            )
            radicals = sorted(set(RADICALS.findall(text)))
            assert not radicals, f'{path}: ideographs extracted as radicals: {radicals}'


def test_links_leave_no_trace_of_the_printing_server(pdfs):
    for _, fw, path, reader in pdfs:
        uris = set()
        for page in reader.pages:
            for annotation in page.get('/Annots') or []:
                action = annotation.get_object().get('/A') or {}
                if '/URI' in action:
                    uris.add(str(action['/URI']))
        local = sorted(
            u for u in uris if re.match(r'https?://(127\.0\.0\.1|localhost)', u)
        )
        assert not local, f'{path}: links to the server that printed it: {local}'
        assert any(f'/{fw}/' in u and 'colab.research.google.com' in u for u in uris), (
            f'{path}: no Colab link'
        )

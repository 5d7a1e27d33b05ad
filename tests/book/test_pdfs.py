"""The per-framework PDFs that d2l_build/pdfs.py prints after the HTML build.

Every chapter page of every site (as listed in the d2l-downloads.json
manifests) has one PDF per framework, showing that framework's code only.
"""

import json
import re

import pypdfium2
import pytest
from book_helpers import FRAMEWORKS, LANGUAGES, NAMES, REPO
from pypdf import PdfReader
from test_downloads import chapter_entries, manifests

from d2l_build import pdfs as printer
from d2l_local import registry

CJK = re.compile(r'[\u4e00-\u9fff]')


def import_line(fw):
    return f'from d2l_local import {registry.framework(fw).module} as d2l'


def _pages_text(path):
    """Each page's text as PDFium (Chromium's PDF engine) extracts it, on
    single spaces: extraction splits lines and spaces unevenly."""
    doc = pypdfium2.PdfDocument(str(path))
    try:
        return [
            re.sub(r'\s+', ' ', doc[i].get_textpage().get_text_bounded())
            for i in range(len(doc))
        ]
    finally:
        doc.close()


def _radicals(reader):
    """The radicals the PDF's text maps (ToUnicode) give for its glyphs: what
    a reader that honours them (pypdf, pdf.js) would extract and search.
    PDFium's text cannot show them: a radical written into a map here was
    not in the text it extracted."""
    found = set()
    for stream in printer.text_maps(reader.pages):
        found |= printer.mapped_radicals(printer.cmap_text(stream))
    return found


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
            found.append((entry, fw, path, PdfReader(str(path)), _pages_text(path)))
    return found


def test_one_pdf_per_page_framework_and_language(pdfs):
    made = {(entry['lang'], entry['page'], fw) for entry, fw, *_ in pdfs}
    pages = {(entry['lang'], entry['page']) for entry, *_ in pdfs}
    assert {lang for lang, _ in pages} == set(LANGUAGES)
    assert made == {(lang, page, fw) for lang, page in pages for fw in FRAMEWORKS}


def test_each_pdf_holds_its_framework_only(pdfs):
    for _entry, fw, path, _reader, pages in pdfs:
        assert len(pages) > 1, f'{path}: no content after the title page'
        text = ' '.join(pages)
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
    for entry, fw, path, _reader, pages in pdfs:
        first = pages[0]
        assert books[entry['docname'], entry['lang']] in first, (
            f'{path}: book title missing on page 1'
        )
        assert NAMES[fw] in first and LANGUAGES[entry['lang']] in first, (
            f'{path}: page 1 reads {first!r}'
        )


def test_math_is_typeset_not_left_as_tex(pdfs):
    for _, _, path, _reader, pages in pdfs:
        text = ' '.join(pages)
        assert '\\mathbf' not in text and '$$' not in text, (
            f'{path}: raw TeX in the PDF'
        )


def _prose_ideographs(notebook):
    """How many ideographs the notebook's prose cells that the book shows
    hold: not its set-up note, which only the notebook has (on a short page
    it outweighs the page's own prose)."""
    cells = json.loads(notebook.read_text(encoding='utf-8'))['cells']
    return sum(
        len(CJK.findall(''.join(c['source'])))
        for c in cells
        if c['cell_type'] == 'markdown' and not c['metadata'].get('d2l_setup')
    )


def test_fonts_are_embedded_and_chinese_is_extractable(pdfs):
    for entry, fw, path, reader, pages in pdfs:
        fonts = _fonts(reader)
        assert fonts, f'{path}: no fonts'
        missing = [name for name, _, embedded in fonts if not embedded]
        assert not missing, f'{path}: fonts not embedded: {missing}'
        if entry['lang'] == 'zh':
            text = ' '.join(pages)
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
            radicals = sorted(_radicals(reader))
            assert not radicals, f'{path}: ideographs extracted as radicals: {radicals}'


def test_links_leave_no_trace_of_the_printing_server(pdfs):
    for _, fw, path, reader, _pages in pdfs:
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

"""Static checks of the built HTML book."""

import re
import struct
from pathlib import Path

import pytest
from book_helpers import (
    FRAMEWORKS,
    LANGUAGES,
    NAMES,
    RAW_MARKUP,
    ROOT,
    chapter_path,
    colab_url,
    site_dir,
)
from bs4 import BeautifulSoup

from d2l_build.pages import policy


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding='utf-8'), 'html.parser')


def chapter_soup(html_dir, lang, page):
    path = chapter_path(html_dir, lang, page)
    assert path.is_file(), f'chapter page not built: {path}'
    return path, soup(path)


def png_size(path: Path):
    head = path.read_bytes()[:24]
    assert head[:8] == b'\x89PNG\r\n\x1a\n', f'{path} is not a PNG'
    return struct.unpack('>II', head[16:24])


def test_every_page_in_the_toc_is_built(html_dir, chapters):
    for lang, page in chapters:
        assert chapter_path(html_dir, lang, page).is_file()
    for lang in LANGUAGES:
        assert (site_dir(html_dir, lang) / 'index.html').is_file()
    assert {lang for lang, _ in chapters} == set(LANGUAGES), (
        'each chapter needs both languages'
    )


def test_tab_sets_list_the_four_frameworks_in_order(html_dir, chapters):
    for lang, page in chapters:
        path, doc = chapter_soup(html_dir, lang, page)
        tab_sets = doc.select('div.sd-tab-set')
        assert len(tab_sets) >= 2, f'{path}: expected framework tab-sets'
        for n, tab_set in enumerate(tab_sets):
            labels = tab_set.find_all('label', class_='sd-tab-label', recursive=False)
            assert [lab.get('data-sync-id') for lab in labels] == FRAMEWORKS, (
                f'{path}: tab-set {n}'
            )
            assert [lab.get_text(strip=True) for lab in labels] == [
                NAMES[fw] for fw in FRAMEWORKS
            ]
            assert {lab.get('data-sync-group') for lab in labels} == {'framework'}
            checked = tab_set.find_all('input', checked=True, recursive=False)
            assert (
                len(checked) == 1
                and checked[0].find_next_sibling('label')['data-sync-id'] == 'pytorch'
            ), f'{path}: tab-set {n} must open on PyTorch'


def book_pages(html_dir):
    # _static holds theme templates, not pages
    return sorted(
        p
        for p in html_dir.rglob('*.html')
        if '_static' not in p.relative_to(html_dir).parts
    )


def test_no_raw_d2lbook_markup_anywhere(html_dir):
    pages = book_pages(html_dir)
    assert pages
    for path in pages:
        text = path.read_text(encoding='utf-8')
        for marker in RAW_MARKUP:
            assert marker not in text, (
                f'{path.relative_to(html_dir)} shows raw markup {marker!r}'
            )


def _fit_blocks(doc):
    return [
        code
        for code in doc.select('div.highlight-python')
        if 'trainer.fit(' in code.get_text()
    ]


def _outputs_after(code):
    """Elements printed by a code block: its siblings up to the next code block."""
    found = []
    for sibling in code.find_next_siblings():
        if (
            'highlight-python' in (sibling.get('class') or [])
            or sibling.name == 'section'
        ):
            break
        found.append(sibling)
    return found


def _figures(elements):
    imgs = []
    for el in elements:
        imgs += [el] if el.name == 'img' else el.select('img.d2l-figure')
    return imgs


def test_every_fit_shows_metrics_and_a_readable_figure_per_framework(
    html_dir, chapters
):
    for lang, page in chapters:
        path, doc = chapter_soup(html_dir, lang, page)
        fits = _fit_blocks(doc)
        # Fits belong to the chapters that have them (d2l_build/pages.py).
        assert len(fits) == policy(page).fits, f'{path}: {len(fits)} trainer.fit cells'
        for code in fits:
            panel = code.find_parent('div', class_='sd-tab-content')
            outputs = _outputs_after(code)
            if panel is not None:
                # framework-specific code: its outputs sit in the same tab
                fw = panel.find_previous_sibling('label')['data-sync-id']
                per_fw = {fw: outputs}
            else:
                tabs = [
                    el for el in outputs if 'd2l-output-tabs' in (el.get('class') or [])
                ]
                if tabs:
                    per_fw = {
                        lab['data-sync-id']: [lab.find_next_sibling('div')]
                        for lab in tabs[0].find_all(
                            'label', class_='sd-tab-label', recursive=False
                        )
                    }
                else:
                    per_fw = {fw: outputs for fw in FRAMEWORKS}
            for fw, elements in per_fw.items():
                figures = _figures(elements)
                assert figures, f'{path}: no training figure under a {fw} fit'
                for img in figures:
                    image = (path.parent / img['src']).resolve()
                    assert image.is_file(), f'{path}: missing image {img["src"]}'
                    width, height = png_size(image)
                    assert width >= 200 and height >= 120, (
                        f'{image} is too small to read ({width}x{height})'
                    )
                    assert img.get('alt'), 'figures need alt text'
                text = ' '.join(el.get_text(' ') for el in elements)
                assert 'acc' in text, f'{path}: no accuracy printed under a {fw} fit'


def test_colab_links_follow_the_repository_config(html_dir, chapters, config):
    for lang, page in chapters:
        path, doc = chapter_soup(html_dir, lang, page)
        links = doc.select(
            "div.d2l-colab a[href^='https://colab.research.google.com/']"
        )
        assert [a['href'] for a in links] == [
            colab_url(config, lang, fw, page) for fw in FRAMEWORKS
        ], path
        assert [a.get_text(strip=True) for a in links] == [
            NAMES[fw] for fw in FRAMEWORKS
        ]
        for fw in FRAMEWORKS:
            assert (ROOT / 'notebooks' / lang / fw / f'{page}.ipynb').is_file(), (
                f'Colab target missing for {fw}'
            )
        mxnet = links[0].find_parent('li').get_text(' ', strip=True)
        assert (
            'not runnable on Colab' if lang == 'en' else '无法在 Colab 上运行'
        ) in mxnet
        assert 'make notebooks' in mxnet
        local = links[0].find_parent('li').select_one('a.reference.internal')
        assert local is not None and 'run-locally' in local['href'], (
            'the MXNet note must point to the local way'
        )
        for fw_link in links[1:]:
            assert fw_link.find_parent('li').get_text(strip=True) == fw_link.get_text(
                strip=True
            ), 'only MXNet carries a not-runnable note'


def test_language_switch_points_to_the_same_page(html_dir, chapters):
    for lang, page in chapters:
        path, doc = chapter_soup(html_dir, lang, page)
        switch = doc.select('div.d2l-lang-switch a')
        others = [other for other in LANGUAGES if other != lang]
        assert [a.get_text(strip=True) for a in switch] == [
            LANGUAGES[o] for o in others
        ], path
        for a, other in zip(switch, others):
            target = (path.parent / a['href']).resolve()
            assert target == chapter_path(html_dir, other, page).resolve()


@pytest.mark.parametrize('lang', list(LANGUAGES))
def test_every_page_has_a_language_switch_to_its_twin(html_dir, lang):
    """Landing page, chapters, search and index: each links to the same page
    of the other book (the books mirror each other's layout)."""
    root = site_dir(html_dir, lang)
    other = next(o for o in LANGUAGES if o != lang)
    pages = [
        p
        for p in book_pages(root)
        if lang == 'zh' or 'zh' not in p.relative_to(root).parts
    ]
    assert {'index.html', 'search.html', 'genindex.html'} <= {p.name for p in pages}
    for path in pages:
        links = soup(path).select('div.d2l-lang-switch a')
        assert len(links) == 1, (
            f'{path.relative_to(html_dir)}: expected one language switch'
        )
        target = (path.parent / links[0]['href']).resolve()
        mirror = site_dir(html_dir, other) / str(path.relative_to(root)).replace(
            f'/{lang}/', f'/{other}/'
        )
        assert target == mirror.resolve(), (
            f'{path.relative_to(html_dir)} switches to {links[0]["href"]}'
        )
        assert links[0]['hreflang'] == other


INTERFACE = {
    # Text the theme writes around the content, in the book's own language.
    'en': {
        'lang': 'en',
        # The in-page table of contents, on a page with sections.
        'contents': 'Contents',
        'present': [
            'Search this book',
            '© Copyright',
            'Toggle primary sidebar',
        ],
        'absent': ['搜索', '目录'],
    },
    'zh': {
        'lang': 'zh-CN',
        'contents': '目录',
        'present': ['搜索本书', '跳转至主要内容', '© 版权所有', '作者'],
        'absent': [
            'Search this book',
            'Skip to main content',
            'Contents',
            'Copyright',
            'By ',
            'authors',
            'Toggle',
            'Color mode',
            'System Settings',
            'Link to this heading',
        ],
    },
}


@pytest.mark.parametrize('lang', list(LANGUAGES))
def test_interface_speaks_the_language_of_its_book(html_dir, chapters, lang):
    for page in sorted(p for code, p in chapters if code == lang):
        path, doc = chapter_soup(html_dir, lang, page)
        assert doc.html.get('lang') == INTERFACE[lang]['lang'], path
        for article in doc.select('article'):
            article.decompose()  # the chapter text itself is checked elsewhere
        chrome = (
            ' '.join(doc.stripped_strings)
            + ' '
            + ' '.join(
                el.get(attr, '')
                for attr in ('placeholder', 'title')
                for el in doc.find_all(attrs={attr: True})
            )
        )
        present = INTERFACE[lang]['present']
        if doc.select('article h2'):
            present = [*present, INTERFACE[lang]['contents']]
        for text in present:
            assert text in chrome, f'{path}: interface lacks {text!r}'
        for text in INTERFACE[lang]['absent']:
            assert text not in chrome, f'{path}: interface shows {text!r}'
    title = soup(site_dir(html_dir, lang) / 'index.html').title.get_text()
    assert ('四种框架' in title) == (lang == 'zh'), (
        f'{lang} landing page title: {title}'
    )


# Terms a Chinese reader of these chapters types into the search box.
SEARCH_TERMS = ('迭代周期', '感知机', '隐藏单元', '权重', '激活函数', '小批量')


def test_chinese_search_index_holds_words_not_clauses(html_dir, chapters):
    """jieba cuts the Chinese text into words: the index maps the terms a
    reader types to each chapter that uses them, and no term is a whole
    clause."""
    import json

    text = (site_dir(html_dir, 'zh') / 'searchindex.js').read_text(encoding='utf-8')
    index = json.loads(text[text.index('(') + 1 : text.rindex(')')])
    searched = set()
    for page in sorted(p for lang, p in chapters if lang == 'zh'):
        doc = index['docnames'].index(f'chapters/zh/{page}')
        words = ' '.join(chapter_soup(html_dir, 'zh', page)[1].article.stripped_strings)
        for word in (w for w in SEARCH_TERMS if w in words):
            searched.add(word)
            found = index['terms'].get(word, []), index['titleterms'].get(word, [])
            docs = {
                d for hit in found for d in (hit if isinstance(hit, list) else [hit])
            }
            assert doc in docs, (
                f'the Chinese search index does not lead {word!r} to chapters/zh/{page}'
            )
    assert searched == set(SEARCH_TERMS), (
        f'no Chinese page uses {sorted(set(SEARCH_TERMS) - searched)}'
    )
    terms = set(index['terms']) | set(index['titleterms'])
    longest = max((t for t in terms if re.fullmatch(r'[\u4e00-\u9fff]+', t)), key=len)
    assert len(longest) <= 6, f'search term {longest!r} is a clause, not a word'


def test_math_uses_the_bundled_mathjax(html_dir, chapters):
    for lang, page in chapters:
        path, doc = chapter_soup(html_dir, lang, page)
        if not policy(page).math:
            continue
        assert doc.select('.math'), f'{path}: expected math on the chapter page'
        sources = [s['src'] for s in doc.find_all('script', src=True)]
        mathjax = [s for s in sources if 'tex-chtml' in s]
        assert mathjax and not mathjax[0].startswith(('http:', 'https:', '//')), mathjax
        assert (path.parent / mathjax[0].split('?')[0]).resolve().is_file()
    for lang in LANGUAGES:
        fonts = list(
            (
                site_dir(html_dir, lang) / '_static/mathjax/output/chtml/fonts/woff-v2'
            ).glob('*.woff')
        )
        assert len(fonts) > 10, f'MathJax fonts must be served locally ({lang})'


def test_no_page_loads_scripts_or_styles_from_elsewhere(html_dir):
    for path in book_pages(html_dir):
        doc = soup(path)
        for tag, attr in (('script', 'src'), ('link', 'href'), ('img', 'src')):
            for el in doc.find_all(tag, **{attr: True}):
                if tag == 'link' and not {'stylesheet', 'preload', 'icon'} & set(
                    el.get('rel') or []
                ):
                    continue
                assert not el[attr].startswith(('http:', 'https:', '//')), (
                    f'{path}: {el[attr]}'
                )


@pytest.mark.parametrize('lang', list(LANGUAGES))
def test_copy_buttons_are_set_up_for_code_only(html_dir, lang):
    script = (site_dir(html_dir, lang) / '_static' / 'copybutton.js').read_text(
        encoding='utf-8'
    )
    assert 'div.highlight-python pre' in script
    assert 'd2l-output' not in script


@pytest.mark.parametrize('lang', list(LANGUAGES))
def test_landing_pages_explain_the_book(html_dir, lang):
    path = site_dir(html_dir, lang) / 'index.html'
    text = ' '.join(soup(path).select_one('article').get_text(' ').split())
    for command in ('make book', 'make test', 'make notebooks'):
        assert command in text, f'{path} should explain `{command}`'
    assert 'Colab' in text

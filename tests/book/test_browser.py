"""Drive the built books in the system Chromium, as a reader would.

Serves _build/html (the English book, the Chinese one under zh/) on
127.0.0.1, picks a framework on the English chapter, follows the language
switch and checks the choice holds in the other book; types queries into each
book's search page and checks what they find. Also asserts no console
errors, failed requests or broken images, that MathJax rendered, and saves
full-page screenshots to _build/screenshots/.
"""

import pytest
from book_helpers import FRAMEWORKS, LANGUAGES, ROOT, chromium, colab_url, sites

from d2l_local import registry

SHOTS = ROOT / '_build' / 'screenshots'
# The walk through the book switches from the source language to a
# translation and back.
SOURCE, TRANSLATION = registry.source_language(), registry.translations()[0]


@pytest.fixture(scope='module')
def browser_page(server, tmp_path_factory, chromium_path):
    from playwright.sync_api import sync_playwright

    problems = []
    with sync_playwright() as pw:
        context, page = chromium.fresh_page(pw, tmp_path_factory.mktemp('profile'))
        page.on(
            'console',
            lambda m: m.type == 'error' and problems.append(f'console error: {m.text}'),
        )
        page.on('pageerror', lambda e: problems.append(f'page error: {e}'))
        # A request the browser aborts because the page navigated on (the
        # favicon, when a search is submitted) is no failure; a missing file
        # still shows as an HTTP error below.
        page.on(
            'requestfailed',
            lambda r: (
                'ERR_ABORTED' in (r.failure or '')
                or problems.append(f'failed request: {r.url} ({r.failure})')
            ),
        )
        page.on(
            'response',
            lambda r: r.status >= 400 and problems.append(f'HTTP {r.status}: {r.url}'),
        )
        page.on(
            'request',
            lambda r: (
                r.url.startswith((server, 'data:', 'blob:'))
                or problems.append(f'request leaves the book: {r.url}')
            ),
        )
        yield page, problems
        context.close()


def _chapter_url(server, lang, name):
    return f'{server}/{sites()[lang]["site"]}chapters/{lang}/{name}.html'


def _open(page, url):
    page.goto(url, wait_until='load')


def _switch_language(page, lang):
    with page.expect_navigation(wait_until='load'):
        page.locator('.d2l-lang-switch a', has_text=LANGUAGES[lang]).click()


def _shown_frameworks(page):
    """The framework each tab-set currently shows, checked via visibility."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.sd-tab-set')).map(set => {
            const shown = Array.from(set.querySelectorAll(':scope > .sd-tab-content'))
                .filter(c => getComputedStyle(c).display !== 'none');
            return shown.length === 1 ? shown[0].previousElementSibling.dataset.syncId : null;
        })"""
    )


def _select(page, fw):
    page.locator('.sd-tab-set').first.locator(
        f":scope > label[data-sync-id='{fw}']"
    ).click()


def _check_page(page, problems, lang, fw):
    shown = _shown_frameworks(page)
    assert shown and set(shown) == {fw}, (
        f'{lang}: tab-sets show {shown}, expected all {fw}'
    )
    page.wait_for_selector('mjx-container', state='attached', timeout=20_000)
    assert page.locator('mjx-container').count() > 0, 'MathJax did not render'
    assert page.locator('mjx-merror').count() == 0, 'MathJax reported a TeX error'
    broken = page.evaluate(
        """async () => {
            const imgs = Array.from(document.images);
            await Promise.all(imgs.map(i => i.decode().catch(() => null)));
            return imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src);
        }"""
    )
    assert not broken, f'broken images: {broken}'
    assert not problems, '\n'.join(problems)


def _screenshot(page, lang, fw):
    # From the top and with nothing focused, so sticky sidebars and the
    # focus-only "skip to content" link sit where a reader sees them.
    page.evaluate(
        '() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }'
    )
    page.wait_for_timeout(200)
    page.screenshot(path=str(SHOTS / f'{lang}-{fw}.png'), full_page=True)
    # The first screen at full size: header, language switch, interface text.
    page.screenshot(path=str(SHOTS / f'top_{lang}.png'))


def test_framework_choice_syncs_and_survives_the_language_switch(
    browser_page, server, chapters, config
):
    page, problems = browser_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob('*-*.png'):
        old.unlink()  # only this run's pictures count
    pages = sorted({p for _, p in chapters})
    # The chapter itself: its code tabs are all in view, none folded away.
    name = 'mlp-implementation' if 'mlp-implementation' in pages else pages[0]
    _open(page, _chapter_url(server, SOURCE, name))
    _check_page(page, problems, SOURCE, 'pytorch')  # the default before any choice
    page.wait_for_selector('div.highlight-python button.copybtn', state='attached')
    assert page.locator('.d2l-output button.copybtn').count() == 0, (
        'printed outputs need no copy button'
    )

    _select(page, 'jax')
    _check_page(page, problems, SOURCE, 'jax')
    stored = page.evaluate(
        "() => window.localStorage.getItem('sphinx-design-tab-id-framework')"
    )
    assert stored == 'jax', 'the choice must persist in localStorage'

    _switch_language(page, TRANSLATION)
    assert page.url == _chapter_url(server, TRANSLATION, name)
    _check_page(page, problems, TRANSLATION, 'jax')

    # Colab links, read from the live page.
    for lang in (TRANSLATION, SOURCE):
        if lang == SOURCE:
            _switch_language(page, SOURCE)
            assert page.url == _chapter_url(server, SOURCE, name)
            _check_page(page, problems, SOURCE, 'jax')  # persisted on the way back
        hrefs = page.eval_on_selector_all(
            ".d2l-colab a[href*='colab.research.google.com']",
            'els => els.map(e => e.href)',
        )
        assert hrefs == [colab_url(config, lang, fw, name) for fw in FRAMEWORKS]
        for fw in FRAMEWORKS:
            _select(page, fw)
            _check_page(page, problems, lang, fw)
            _screenshot(page, lang, fw)

    # The last choice also holds on a fresh load of another page of the book.
    _open(page, _chapter_url(server, TRANSLATION, name))
    _check_page(page, problems, TRANSLATION, FRAMEWORKS[-1])
    assert sorted(p.name for p in SHOTS.glob('*-*.png')) == sorted(
        f'{lang}-{fw}.png' for lang in LANGUAGES for fw in FRAMEWORKS
    )


# Words a reader types, and the page each must find. The Chinese ones are
# terms of the chapter that only word segmentation makes findable.
QUERIES = {
    'zh': ['迭代周期', '感知机', '隐藏单元', '权重', '激活函数', '小批量'],
    'en': ['perceptron', 'hidden', 'epochs', 'minibatch'],
}
# Interface text of the search page, in the book's own language.
SEARCH_UI = {'en': ('Search', 'Search this book'), 'zh': ('搜索', '搜索本书')}


def _search(page, server, lang, query):
    """Type the query into the book's search page; the result links."""
    _open(page, f'{server}/{sites()[lang]["site"]}search.html')
    field = page.locator(".bd-search-container input[name='q']")
    field.fill(query)
    with page.expect_navigation(wait_until='load'):
        field.press('Enter')
    # Sphinx fills the summary once the search has run, found or not.
    page.wait_for_function(
        "() => { const s = document.querySelector('#search-results .search-summary');"
        ' return s && s.textContent.trim().length > 0; }',
        timeout=20_000,
    )
    return page.eval_on_selector_all(
        '#search-results ul.search li a', 'els => els.map(e => e.href)'
    )


@pytest.mark.parametrize('lang', LANGUAGES)
def test_search_finds_the_chapter_by_its_words(browser_page, server, chapters, lang):
    page, problems = browser_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    wanted = {
        _chapter_url(server, lang, name) for code, name in chapters if code == lang
    }
    found = {}
    for query in QUERIES[lang]:
        hits = {
            href.split('?')[0].split('#')[0]
            for href in _search(page, server, lang, query)
        }
        found[query] = sorted(hits)
        if query == QUERIES[lang][0]:
            title, placeholder = SEARCH_UI[lang]
            assert page.locator('.bd-search-container h1').inner_text().strip() == title
            assert placeholder in page.locator(
                ".bd-search-container input[name='q']"
            ).get_attribute('placeholder')
            page.evaluate(
                '() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }'
            )
            page.screenshot(path=str(SHOTS / f'search_{lang}.png'), full_page=True)
    missing = {q: hits for q, hits in found.items() if not wanted & set(hits)}
    assert not missing, f'{lang} search did not find the chapter for: {missing}'
    # A term of the other language's text finds nothing here: each book
    # searches only its own pages.
    other = 'perceptron' if lang == 'zh' else '迭代周期'
    if lang == 'en':
        assert not _search(page, server, lang, other), (
            f'the English search found {other!r}'
        )
    assert not problems, '\n'.join(problems)


def test_a_worked_answer_opens_to_show_its_plot(browser_page, server, chapters):
    page, problems = browser_page
    assert ('en', 'mlp-exercises') in chapters, 'the book lists no exercises page'
    _open(page, _chapter_url(server, 'en', 'mlp-exercises'))
    answers = page.locator('details.d2l-answer')
    assert answers.count() == 9, 'one folded answer per exercise'
    assert page.locator('details.d2l-answer[open]').count() == 0, (
        'answers must start closed'
    )
    first = answers.first
    assert first.locator('img.d2l-figure:visible').count() == 0
    first.locator('summary').click()
    # The plot of the selected framework's tab, now on screen and decoded.
    plot = first.locator('img.d2l-figure:visible').first
    plot.wait_for(state='visible', timeout=10_000)
    plot.scroll_into_view_if_needed()
    size = plot.evaluate(
        """async img => { await img.decode().catch(() => null);
            return [img.naturalWidth, img.getBoundingClientRect().height]; }"""
    )
    assert size[0] >= 200 and size[1] > 50, f'the plot is not shown readably: {size}'
    page.screenshot(path=str(SHOTS / 'answer_en.png'))  # the opened answer, by eye
    assert not problems, '\n'.join(problems)

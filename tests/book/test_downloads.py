"""The download menu: per-framework notebooks and PDFs instead of the tabbed source.

Reads the sites through the ``d2l-downloads.json`` manifests that
book_ext/d2l_downloads.py writes at each site root, so it holds whether the
languages share one site or have one each. The browser test picks JAX as a
reader would and downloads the notebook from the menu: the very file an nbval
suite of make test executes.
"""

import json
from pathlib import Path

import pytest
from book_helpers import FRAMEWORKS, LANGUAGES, ROOT, chromium
from bs4 import BeautifulSoup

from d2l_build import pages

MENU = '.dropdown-download-buttons'


def manifests(html_dir):
    found = sorted(
        p for p in html_dir.rglob('d2l-downloads.json') if '_static' not in p.parts
    )
    assert found, (
        f'no d2l-downloads.json under {html_dir}: is book_ext/d2l_downloads.py in _config.yml?'
    )
    return [(p.parent, json.loads(p.read_text(encoding='utf-8'))) for p in found]


def chapter_entries(html_dir):
    """(site root, page entry) for every chapter page of every site."""
    return [
        (site, entry)
        for site, manifest in manifests(html_dir)
        for entry in manifest['pages']
    ]


def menu_links(path: Path):
    doc = BeautifulSoup(path.read_text(encoding='utf-8'), 'html.parser')
    menu = doc.select_one(f'{MENU} .dropdown-menu')
    assert menu is not None, f'{path}: no download menu'
    return menu


def test_every_language_and_framework_has_its_download(html_dir):
    entries = chapter_entries(html_dir)
    assert {entry['lang'] for _, entry in entries} == set(LANGUAGES)
    for _, entry in entries:
        assert list(entry['frameworks']) == FRAMEWORKS, (
            f'{entry["docname"]}: frameworks missing'
        )


def test_chapter_menu_offers_the_plain_notebooks_and_pdfs(html_dir):
    for site, entry in chapter_entries(html_dir):
        page_path = site / entry['html']
        menu = menu_links(page_path)
        assert not menu.select('[onclick]'), (
            f'{page_path}: the print-dialog entry is still there'
        )
        hrefs = [a['href'] for a in menu.select('a')]
        assert not [h for h in hrefs if '_sources/' in h], (
            f'{page_path}: the tabbed source is still offered'
        )
        notebooks = [a for a in menu.select('a') if a['href'].endswith('.ipynb')]
        pdfs = [a for a in menu.select('a') if a['href'].endswith('.pdf')]
        assert len(notebooks) == len(pdfs) == len(FRAMEWORKS), f'{page_path}: {hrefs}'
        for fw, a in zip(FRAMEWORKS, notebooks):
            served = (page_path.parent / a['href']).resolve()
            source = ROOT / 'notebooks' / entry['lang'] / fw / f'{entry["page"]}.ipynb'
            assert served.is_file(), (
                f'{page_path}: {a["href"]} was not copied into the site'
            )
            # The very file Colab opens and nbval checks.
            assert served.read_bytes() == source.read_bytes(), (
                f'{served} differs from {source}'
            )
        for fw, a in zip(FRAMEWORKS, pdfs):
            assert (page_path.parent / a['href']).resolve() == (
                site / entry['frameworks'][fw]['pdf']
            ).resolve()


def test_other_pages_lose_only_the_print_entry(html_dir):
    for site, _ in manifests(html_dir):
        index = site / 'index.html'
        menu = menu_links(index)
        assert not menu.select('[onclick]'), (
            f'{index}: the print-dialog entry is still there'
        )
        assert menu.select("a[href*='_sources/']"), (
            f'{index}: the page source download went missing'
        )


@pytest.fixture(scope='module')
def browser(tmp_path_factory, chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context, page = chromium.fresh_page(
            pw, tmp_path_factory.mktemp('profile'), accept_downloads=True
        )
        errors = []
        page.on('pageerror', lambda e: errors.append(str(e)))
        yield page, errors
        context.close()


def _download_from_menu(page, tmp_path):
    page.locator(f'{MENU} .dropdown-toggle').click()
    first = page.locator(f'{MENU} .dropdown-menu li').first
    first.wait_for(state='visible')
    with page.expect_download() as info:
        first.locator('a').click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(str(target))
    page.keyboard.press('Escape')
    return first, download.suggested_filename, target


def test_choosing_jax_downloads_the_notebook_make_test_executes(
    browser, server, html_dir, tmp_path
):
    page, errors = browser
    by_lang = {}
    for site, entry in chapter_entries(html_dir):
        by_lang.setdefault(entry['lang'], (site, entry))
    downloaded = []
    for n, lang in enumerate(LANGUAGES):
        site, entry = by_lang[lang]
        url = f'{server}/{(site / entry["html"]).relative_to(html_dir).as_posix()}'
        page.goto(url, wait_until='load')
        if n == 0:
            # A reader's choice: the menu must follow it, not the default tab.
            page.locator('.sd-tab-set').first.locator(
                ":scope > label[data-sync-id='jax']"
            ).click()
        first, name, path = _download_from_menu(page, tmp_path)
        assert 'd2l-download-current' in (first.get_attribute('class') or ''), (
            'the chosen framework is not marked'
        )
        order = page.eval_on_selector_all(
            f'{MENU} .dropdown-menu li a',
            "els => els.map(a => a.className.match(/btn-d2l-download-(\\w+)-(\\w+)/).slice(1).join(' '))",
        )
        others = [fw for fw in FRAMEWORKS if fw != 'jax']
        assert order == [
            f'{kind} {fw}' for fw in ['jax', *others] for kind in ('notebook', 'pdf')
        ], order
        source = ROOT / 'notebooks' / lang / 'jax' / f'{entry["page"]}.ipynb'
        assert path.read_bytes() == source.read_bytes(), (
            f'{lang}: the menu gave {name}, not {source}'
        )
        assert name == f'{entry["page"]}-jax-{lang}.ipynb'
        downloaded.append(source)
    assert not errors, errors
    # What the reader got is what make test executes: the source language's
    # notebook is run by its nbval suite (the translation's outputs are held
    # to it by tests/consistency/test_translated_outputs.py). Running it once
    # more here would pay twice for the same execution.
    executed = {
        path.resolve()
        for _, paths, _ in pages.nbval_suites(ROOT, ['jax'])
        for path in paths
    }
    assert downloaded[0].resolve() in executed, (
        f'no nbval suite executes {downloaded[0]}'
    )

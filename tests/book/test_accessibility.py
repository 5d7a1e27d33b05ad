"""axe-core on every page of both books: no accessibility violation.

axe-core (fetched from npm by tools/ensure_axe.sh, pinned there) is injected
into each page the local server serves, through the Playwright and Chromium
the browser test uses, and run with its default rules (WCAG 2 A and AA and
its best practices). Any violation fails, listed with the elements it
concerns. Each page is checked in its initial state, with the default
framework tab shown.
"""

import pytest
from book_helpers import HTML, REPO, chromium, site_pages

AXE = REPO / '.cache' / 'axe-core' / 'axe.min.js'
PAGES = site_pages(HTML) if HTML.is_dir() else []


@pytest.fixture(scope='module')
def axe_page(server, tmp_path_factory, chromium_path):
    if not AXE.is_file():
        pytest.fail(f'axe-core missing at {AXE}: run `bash tools/ensure_axe.sh`')
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context, page = chromium.fresh_page(pw, tmp_path_factory.mktemp('axe'))
        yield page
        context.close()


def violations(page):
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')),
            }));
        }"""
    )


def report(found):
    lines = []
    for v in found:
        shown = v['nodes'][:5]
        more = len(v['nodes']) - len(shown)
        lines.append(f'{v["id"]} ({v["impact"]}): {v["help"]}')
        lines += [f'    {target}' for target in shown]
        if more:
            lines.append(f'    ... and {more} more')
    return '\n'.join(lines)


def test_there_are_pages_to_check():
    assert len({lang for lang, _ in PAGES}) >= 2, f'no built sites under {HTML}'


@pytest.mark.parametrize(
    'lang,path', PAGES, ids=[str(p.relative_to(HTML)) for _, p in PAGES]
)
def test_no_axe_violation(axe_page, server, lang, path):
    url = f'{server}/{path.relative_to(HTML).as_posix()}'
    axe_page.goto(url, wait_until='load')
    # Math is typeset after load; check the page as a reader meets it.
    if axe_page.locator('.math').count():
        axe_page.wait_for_selector('mjx-container', state='attached', timeout=20_000)
    found = violations(axe_page)
    assert not found, f'{url}:\n{report(found)}'

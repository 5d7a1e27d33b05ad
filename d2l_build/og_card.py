#!/usr/bin/env python
"""Draw the preview picture a shared link shows, one per language.

    .venv/book/bin/python -m d2l_build.og_card     # writes _static/og-card-<lang>.png

A 1200 x 630 PNG (the size link previews expect) with the book's title in
the language of its site and the frameworks' names, drawn by the Chromium of
the browser tests. The pictures are committed; run this again after a title
or a framework changes.
"""

import html
from pathlib import Path

import yaml

from d2l_build import chromium
from d2l_build.checkout import ROOT
from d2l_local import registry

PAGE = """<!doctype html><html lang="{lang}"><meta charset="utf-8"><style>
body {{ margin: 0; width: 1200px; height: 630px; display: flex;
  flex-direction: column; justify-content: center; padding: 0 90px;
  box-sizing: border-box; background: #f4f7fb; color: #1b2a3a;
  font-family: "Noto Sans", "Noto Sans CJK SC", sans-serif; }}
h1 {{ font-size: 64px; line-height: 1.2; margin: 0 0 40px; }}
ul {{ list-style: none; display: flex; gap: 18px; padding: 0; margin: 0; }}
li {{ font-size: 32px; padding: 8px 26px; border-radius: 40px;
  background: #1b5fa8; color: white; }}
</style><body><h1>{title}</h1><ul>{names}</ul></body></html>"""


def title(lang):
    """The book's title in a language: _config.yml, or its language overlay."""
    config = yaml.safe_load((ROOT / '_config.yml').read_text(encoding='utf-8'))
    site = registry.book_sites()[lang]
    overlay = ROOT / Path(site['toc']).parent / '_config.yml'
    if lang != registry.source_language() and overlay.is_file():
        config = yaml.safe_load(overlay.read_text(encoding='utf-8'))
    return config['title']


def main():
    from playwright.sync_api import sync_playwright

    names = ''.join(f'<li>{html.escape(fw.name)}</li>' for fw in registry.FRAMEWORKS)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(chromium.CHROMIUM), args=chromium.ARGS
        )
        page = browser.new_page(viewport={'width': 1200, 'height': 630})
        for lang in registry.language_codes():
            text = PAGE.format(
                lang=registry.language(lang).html,
                title=html.escape(title(lang)),
                names=names,
            )
            page.set_content(text)
            out = ROOT / '_static' / f'og-card-{lang}.png'
            page.screenshot(path=str(out))
            print(out.relative_to(ROOT))
        browser.close()


if __name__ == '__main__':
    main()

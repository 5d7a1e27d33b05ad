#!/usr/bin/env python
"""Print every chapter page to one PDF per framework, with the system Chromium.

Run after the HTML build, in the book environment:

    .venv/book/bin/python -m d2l_build.pdfs [--html _build/html] [--fw jax ...]

Each site's ``d2l-downloads.json`` (written by book_ext/d2l_downloads.py)
lists its chapter pages and where each PDF goes; the download menus already
link there. For every page and framework the built page is loaded over a
local HTTP server, reduced to that framework (tab bars removed, the other
frameworks' code, outputs and prose deleted from the DOM, only its Colab
link kept), given a title page, and printed once MathJax has typeset.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

from d2l_build import chromium
from d2l_build.checkout import ROOT
from d2l_local import registry

# Runs in the page: keep one framework, drop what a printed page cannot use.
REDUCE = r"""
({fw, title, cover, contents}) => {
  for (const set of Array.from(document.querySelectorAll('.sd-tab-set'))) {
    if (!set.isConnected) continue;
    const labels = set.querySelectorAll(':scope > label[data-sync-group="framework"]');
    if (!labels.length) continue;  // not a framework tab-set
    const label = set.querySelector(`:scope > label[data-sync-group="framework"][data-sync-id="${fw}"]`);
    if (label) {
      const content = label.nextElementSibling;
      set.replaceWith(...Array.from(content.childNodes));
    } else {
      set.remove();  // this framework has nothing here
    }
  }
  // Only this framework's Colab link; no language switch.
  document.querySelectorAll('.d2l-colab li').forEach(li => {
    const a = li.querySelector('a[href*="colab.research.google.com"]');
    if (a && !a.href.includes(`/${fw}/`)) li.remove();
  });
  document.querySelectorAll('.d2l-lang-switch').forEach(e => e.remove());
  // Paper cannot be clicked: folded answers print open.
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  // The theme's print-only contents heading, in the page's language.
  const toc = document.querySelector('#jb-print-toc > div > h2, #jb-print-toc h2');
  if (toc) toc.textContent = contents;
  // Links to other pages would point at the local server that printed this
  // one: keep their text, drop the link. In-page links stay (PDF internal).
  document.querySelectorAll('article a[href]').forEach(a => {
    if (a.origin === location.origin && a.pathname !== location.pathname) {
      const span = document.createElement('span');
      span.append(...Array.from(a.childNodes));
      a.replaceWith(span);
    }
  });
  document.documentElement.dataset.theme = 'light';
  document.documentElement.dataset.mode = 'light';

  // Before the theme's print-only title and contents, which open the article.
  const anchor = document.getElementById('jb-print-docs-body')
    || document.querySelector('article.bd-article') || document.querySelector('main');
  const page = document.createElement('section');
  page.className = 'd2l-pdf-cover';
  const add = (tag, text, cls) => {
    const el = document.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    page.appendChild(el);
  };
  add('p', cover.book, 'd2l-pdf-book');
  add('h1', title);
  add('p', cover.framework, 'd2l-pdf-fw');
  add('p', cover.language);
  add('p', cover.note, 'd2l-pdf-note');
  anchor.parentNode.insertBefore(page, anchor);

  const style = document.createElement('style');
  style.textContent = `
    @page { size: A4; margin: 16mm 15mm 18mm; }
    .bd-header, .bd-header-article, .bd-sidebar-primary, .bd-sidebar-secondary,
    .prev-next-area, .prev-next-footer, footer, .bd-footer, .bd-footer-content,
    .bd-footer-article, #pst-back-to-top, .skip-link, .headerlink, button.copybtn,
    .search-button-field, .pst-async-banner-revealer { display: none !important; }
    .bd-container, .bd-container__inner, .bd-main, .bd-content, .bd-article-container,
    .bd-page-width { max-width: none !important; width: auto !important; margin: 0 !important;
      padding: 0 !important; display: block !important; }
    /* Long code lines wrap instead of being cut at the page edge. */
    pre { white-space: pre-wrap !important; word-break: break-word; overflow: visible !important; }
    div.highlight, div.cell, pre, img, mjx-container[display="true"] { break-inside: avoid; }
    h1, h2, h3 { break-after: avoid; }
    /* Figures at their own pixel size at most: never upscaled. */
    img { max-width: 100%; height: auto; }
    .d2l-pdf-cover { break-after: page; padding-top: 25vh; text-align: center; }
    .d2l-pdf-cover h1 { font-size: 2rem; margin: 1rem 0 2rem; }
    .d2l-pdf-book { font-size: 1.1rem; letter-spacing: 0.04em; }
    .d2l-pdf-fw { font-size: 1.4rem; font-weight: 700; }
    .d2l-pdf-note { margin-top: 3rem; font-size: 0.85rem; color: #555; }
  `;
  document.head.appendChild(style);
  return document.querySelectorAll('.sd-tab-set label[data-sync-group="framework"]').length;
}
"""

# Chromium maps each glyph to the lowest code point that uses it, and the
# Noto CJK fonts draw many ideographs with their radical's glyph: "语言"
# would be extracted (and searched) as "语⾔". Kangxi radicals have NFKC
# equivalents; the supplement's are paired here (radical, ideograph), as
# the Noto CJK fonts share their glyphs.
RADICAL_PAIRS = (
    '⺂乛⺃乚⺅亻⺇𠘨⺉刂⺋㔾⺍𭕄⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫⺦丬⺨犭'
    '⺩𤣩⺫罒⺭礻⺮𥫗⺯糹⺰纟⺱罓⺲罒⺳㓁⺹耂⺺肀⺽𦥑⺾艹⺿艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车'
    '⻌辶⻍辶⻎辶⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼'
    '⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟'
)
IDEOGRAPH = dict(zip(RADICAL_PAIRS[0::2], RADICAL_PAIRS[1::2]))
RADICAL = re.compile('[\u2e80-\u2fdf]')
HEX = r'<([0-9A-Fa-f]+)>'


def _ideograph(text: str) -> str:
    return RADICAL.sub(
        lambda m: IDEOGRAPH.get(m.group(), unicodedata.normalize('NFKC', m.group())),
        text,
    )


def _utf16(hexstr: str) -> str:
    return bytes.fromhex(hexstr).decode('utf-16-be', errors='surrogatepass')


def mapped_radicals(cmap: str) -> set:
    """The radicals a ToUnicode CMap maps a glyph to."""
    return {r for text in _cmap_entries(cmap).values() for r in RADICAL.findall(text)}


def _cmap_entries(cmap: str) -> dict:
    """{source code (hex, its width kept): text} of a ToUnicode CMap."""
    mapping = {}
    for block in re.findall(r'beginbfchar(.*?)endbfchar', cmap, re.S):
        for src, dst in re.findall(HEX + r'\s*' + HEX, block):
            mapping[src] = _utf16(dst)
    for block in re.findall(r'beginbfrange(.*?)endbfrange', cmap, re.S):
        for lo, hi, dst in re.findall(
            HEX + r'\s*' + HEX + r'\s*(\[.*?\]|<[0-9A-Fa-f]+>)', block, re.S
        ):
            width, first = len(lo), int(lo, 16)
            codes = range(first, int(hi, 16) + 1)
            if dst.startswith('['):
                targets = [_utf16(h) for h in re.findall(HEX, dst)]
            else:
                base = _utf16(dst[1:-1])
                targets = [
                    base[:-1] + chr(ord(base[-1]) + i) for i in range(len(codes))
                ]
            for code, text in zip(codes, targets):
                mapping[f'{code:0{width}X}'] = text
    return mapping


def repair_cmap(cmap: str):
    """The ToUnicode CMap with radicals replaced by their ideographs, or None
    when it maps no radical."""
    mapping = _cmap_entries(cmap)
    if not any(RADICAL.search(text) for text in mapping.values()):
        return None
    head = cmap[: cmap.index('endcodespacerange') + len('endcodespacerange')]
    tail = cmap[cmap.index('endcmap') :]
    items = sorted(mapping.items())
    body = []
    for i in range(0, len(items), 100):  # at most 100 entries per block
        chunk = items[i : i + 100]
        body.append(f'{len(chunk)} beginbfchar')
        body += [
            f'<{src}> <{_ideograph(text).encode("utf-16-be", errors="surrogatepass").hex().upper()}>'
            for src, text in chunk
        ]
        body.append('endbfchar')
    return head + '\n' + '\n'.join(body) + '\n' + tail


def text_maps(pages):
    """Each ToUnicode CMap stream the fonts of these pages use, once."""
    seen = set()
    for page in pages:
        for font in ((page.get('/Resources') or {}).get('/Font') or {}).values():
            ref = font.get_object().get('/ToUnicode')
            if ref is None or getattr(ref, 'idnum', None) in seen:
                continue
            seen.add(getattr(ref, 'idnum', None))
            yield ref.get_object()


def cmap_text(stream) -> str:
    return stream.get_data().decode('latin-1')


def repair_text(path: Path) -> int:
    """Rewrite the PDF's ToUnicode maps in place; return how many changed."""
    from pypdf import PdfReader, PdfWriter

    # Reading the maps is cheap; rewriting the file is not (2 to 3 s for the
    # exercises page), and pages without CJK text have nothing to repair.
    if not any(mapped_radicals(cmap_text(s)) for s in text_maps(PdfReader(path).pages)):
        return 0
    writer = PdfWriter(clone_from=str(path))
    changed = 0
    for stream in text_maps(writer.pages):
        fixed = repair_cmap(cmap_text(stream))
        if fixed is not None:
            stream.set_data(fixed.encode('latin-1'))
            changed += 1
    partial = path.with_suffix('.pdf.partial')
    with open(partial, 'wb') as out:
        writer.write(out)
    os.replace(partial, path)
    return changed


# A PDF is printed again only when what it is printed from changed: the
# page's HTML, the styles, scripts and images it loads (not the search
# index), its cover, and the printer (this module, the browser, pypdf).
# After a prose edit only that page's PDFs are printed. FULL=1 or CI=true
# (as in `make test`) print all.
CACHE = ROOT / '.cache' / 'pdfs'
ASSET = re.compile(r'(?:src|href)="([^"#?:]+\.(?:css|js|png|jpe?g|svg|gif|webp))[?#"]')
CHECKSUM_STAMP = re.compile(rb'\?v=[0-9a-f]+(?=")')
CACHE_DAYS = 14  # cached PDFs not used for this long are removed


def print_key(page_file: Path, manifest: dict, entry: dict, fw: str) -> str:
    import hashlib
    from importlib import metadata

    h = hashlib.sha256()
    browser = chromium.CHROMIUM.resolve().stat()
    printer = [
        str(browser.st_size),
        str(browser.st_mtime_ns),
        metadata.version('pypdf'),
        metadata.version('playwright'),
    ]
    h.update(Path(__file__).read_bytes())
    h.update(
        json.dumps([printer, manifest['book'], entry, fw], sort_keys=True).encode()
    )
    html = page_file.read_bytes()
    # Sphinx stamps a stylesheet's link with its checksum (?v=...) in an
    # incremental build but not in the fresh build before it, which would
    # re-print every page once; the files themselves are hashed below.
    h.update(CHECKSUM_STAMP.sub(b'', html))
    for ref in sorted(set(ASSET.findall(html.decode('utf-8', 'replace')))):
        asset = page_file.parent / ref
        # Every page loads the site's search index, which any page's edit
        # changes; it is data for the search box and prints nothing.
        if asset.name == 'searchindex.js':
            continue
        if asset.is_file():
            h.update(ref.encode() + b'\0' + asset.read_bytes())
    return h.hexdigest()


def from_cache(key: str, target: Path) -> bool:
    """Put the PDF printed under `key` at `target`; False if there is none."""
    if os.environ.get('FULL') or os.environ.get('CI'):
        return False
    cached = CACHE / f'{key}.pdf'
    if not cached.is_file():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix('.pdf.partial')
    partial.write_bytes(cached.read_bytes())
    os.replace(partial, target)
    cached.touch()  # recently used: kept by prune_cache
    return True


def to_cache(key: str, target: Path) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = CACHE / f'{key}.pdf.partial'
    partial.write_bytes(target.read_bytes())
    os.replace(partial, CACHE / f'{key}.pdf')


def prune_cache() -> None:
    cutoff = time.time() - CACHE_DAYS * 86400
    for old in CACHE.glob('*.pdf'):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#666;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


def jobs(html: Path, frameworks, pages=None):
    """(site root, manifest, page entry, framework) for every PDF to print
    (of these frameworks and pages only, when given)."""
    found = sorted(
        p for p in html.rglob('d2l-downloads.json') if '_static' not in p.parts
    )
    if not found:
        raise SystemExit(
            f'pdfs: no d2l-downloads.json under {html}: build the book with '
            'book_ext/d2l_downloads.py first'
        )
    out = []
    for path in found:
        manifest = json.loads(path.read_text(encoding='utf-8'))
        for entry in manifest['pages']:
            if pages and entry['page'] not in pages:
                continue
            for fw in entry['frameworks']:
                if not frameworks or fw in frameworks:
                    out.append((path.parent, manifest, entry, fw))
    return out


def print_pdf(
    page, url: str, target: Path, manifest: dict, entry: dict, fw: str
) -> None:
    lang = entry['lang']
    name = entry['frameworks'][fw]['name']

    def text(key, **kw):
        return registry.text(lang, key, **kw)

    page.goto(url, wait_until='load')
    # MathJax typesets after load; print only once it is done. A page without
    # math does not load MathJax at all.
    page.wait_for_function(
        '() => !document.querySelector(\'script[src*="tex-chtml"]\') || '
        '(window.MathJax && MathJax.startup && MathJax.startup.promise)'
    )
    page.evaluate('() => window.MathJax ? MathJax.startup.promise : null')
    left = page.evaluate(
        REDUCE,
        {
            'fw': fw,
            'title': entry['title'],
            'contents': text('pdf_contents'),
            'cover': {
                'book': manifest['book'],
                'framework': text('pdf_framework', fw=name),
                'language': text('pdf_language', language=registry.language(lang).name),
                'note': text('pdf_note', fw=name),
            },
        },
    )
    if left:
        raise RuntimeError(
            f'{url}: {left} framework tab labels left after reducing to {fw}'
        )
    page.evaluate(
        'async () => { await document.fonts.ready; await Promise.all(Array.from(document.images)'
        '.map(i => i.decode().catch(() => null))); }'
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix('.pdf.partial')
    page.pdf(
        path=str(partial),
        format='A4',
        print_background=True,
        prefer_css_page_size=True,
        display_header_footer=True,
        header_template='<div></div>',
        footer_template=FOOTER,
        tagged=True,
        outline=True,
    )
    os.replace(partial, target)  # a failed run leaves no half-written PDF behind
    repair_text(target)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument(
        '--html',
        type=Path,
        default=ROOT / '_build' / 'html',
        help='folder served as the web root; every site below it is printed',
    )
    parser.add_argument('--fw', nargs='+', help='only these frameworks (default: all)')
    parser.add_argument('--page', nargs='+', help='only these pages (default: all)')
    parser.add_argument(
        '--jobs',
        type=int,
        default=1,
        help='print with this many browsers at once (default: 1)',
    )
    parser.add_argument('--shard', default='0/1', help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f'--jobs {args.jobs}: give 1 or more')
    html = args.html.resolve()
    if chromium.missing():
        raise SystemExit(f'pdfs: {chromium.missing()}')
    if args.jobs > 1:
        return _in_parallel(html, args.fw, args.page, args.jobs)
    k, n = map(int, args.shard.split('/'))
    start = time.monotonic()
    todo, reused = [], 0
    for site, manifest, entry, fw in jobs(html, args.fw, args.page)[k::n]:
        target = site / entry['frameworks'][fw]['pdf']
        key = print_key(site / entry['html'], manifest, entry, fw)
        if from_cache(key, target):
            print(f'pdfs: {target.relative_to(html)} (its page is unchanged: reused)')
            reused += 1
        else:
            todo.append((site, manifest, entry, fw, target, key))
    if todo:
        _print_all(html, todo)
    prune_cache()
    if n == 1:  # a shard's own total would read as the whole book's
        print(
            f'pdfs: {len(todo)} printed, {reused} reused in '
            f'{time.monotonic() - start:.1f} s'
        )
    return 0


def _print_all(html: Path, todo) -> None:
    from playwright.sync_api import sync_playwright

    with chromium.serve(html) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(chromium.CHROMIUM), headless=True, args=chromium.ARGS
        )
        page = browser.new_page(viewport={'width': 1000, 'height': 1400})
        page.emulate_media(color_scheme='light')
        for site, manifest, entry, fw, target, key in todo:
            url = f'{base}/{(site / entry["html"]).relative_to(html).as_posix()}'
            t = time.monotonic()
            print_pdf(page, url, target, manifest, entry, fw)
            to_cache(key, target)
            print(
                f'pdfs: {target.relative_to(html)} ({target.stat().st_size // 1024} KiB, '
                f'{time.monotonic() - t:.1f} s)'
            )
        browser.close()


def _in_parallel(html: Path, frameworks, pages, n: int) -> int:
    """Every n-th PDF in each of n processes, a browser each: a page's
    typesetting and printing keep one core busy at most."""
    start = time.monotonic()
    only = ['--fw', *frameworks] if frameworks else []
    only += ['--page', *pages] if pages else []
    procs = [
        subprocess.Popen(
            [sys.executable, '-m', 'd2l_build.pdfs', '--html', str(html), *only]
            + ['--shard', f'{k}/{n}']
        )
        for k in range(n)
    ]
    codes = [proc.wait() for proc in procs]
    print(
        f'pdfs: {len(jobs(html, frameworks, pages))} PDFs in {time.monotonic() - start:.1f} s'
    )
    return max(codes)


if __name__ == '__main__':
    sys.exit(main())

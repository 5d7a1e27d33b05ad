"""Every internal link and asset reference in the built book resolves."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

ATTRS = {
    'a': 'href',
    'link': 'href',
    'script': 'src',
    'img': 'src',
    'iframe': 'src',
    'source': 'src',
}


def _pages(html_dir):
    return sorted(
        p
        for p in html_dir.rglob('*.html')
        if '_static' not in p.relative_to(html_dir).parts
    )


def _ids(path: Path, cache: dict) -> set:
    if path not in cache:
        doc = BeautifulSoup(path.read_text(encoding='utf-8'), 'html.parser')
        cache[path] = {el['id'] for el in doc.find_all(id=True)} | {
            el['name'] for el in doc.find_all('a', attrs={'name': True})
        }
    return cache[path]


def test_internal_links_resolve(html_dir, unbuilt=()):
    """`unbuilt`: suffixes of files the build was told not to make (a book
    built without its PDFs), whose links are not followed."""
    broken, checked, id_cache = [], 0, {}
    for page in _pages(html_dir):
        doc = BeautifulSoup(page.read_text(encoding='utf-8'), 'html.parser')
        for tag, attr in ATTRS.items():
            for el in doc.find_all(tag, attrs={attr: True}):
                url = el[attr].strip()
                parts = urlsplit(url)
                if parts.scheme or url.startswith('//') or not url:
                    continue  # external, data: and mailto: links are not ours to check
                target = (
                    (page.parent / unquote(parts.path)).resolve()
                    if parts.path
                    else page
                )
                if target.suffix in unbuilt:
                    continue
                if target.is_dir():
                    target = target / 'index.html'
                checked += 1
                where = f'{page.relative_to(html_dir)}: {tag} {attr}={url!r}'
                if not target.is_file():
                    broken.append(where)
                elif (
                    parts.fragment
                    and target.suffix == '.html'
                    and parts.fragment not in _ids(target, id_cache)
                ):
                    broken.append(where + ' (no such anchor)')
    assert checked > 50, 'suspiciously few links checked'
    assert not broken, 'broken internal links:\n' + '\n'.join(broken)

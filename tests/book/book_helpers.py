"""Constants and helpers shared by the book tests (see conftest.py for fixtures)."""

import os
import re
from pathlib import Path

import yaml

from d2l_build import chromium  # noqa: F401  (for the browser tests)
from d2l_local import registry

REPO = Path(__file__).resolve().parents[2]
ROOT = Path(os.environ.get('D2L_BOOK_ROOT', REPO)).resolve()
HTML = ROOT / '_build' / 'html'
FIXTURES = Path(__file__).resolve().parent / 'fixtures'
FRAMEWORKS = list(registry.framework_keys())
NAMES = {f.key: f.name for f in registry.FRAMEWORKS}
LANGUAGES = {lang.code: lang.name for lang in registry.LANGUAGES}
RAW_MARKUP = [':begin_tab:', ':end_tab:', '%%tab', ':label:', '%load_ext']


def sites():
    """{lang: {"site": folder under _build/html, "toc": its _toc.yml}}."""
    return registry.book_sites()


def chapter_pages(root=ROOT):
    """(lang, page) for every chapter file listed in the books' tables of contents."""
    pages = set()
    for lang, where in sites().items():
        text = (root / where['toc']).read_text(encoding='utf-8')
        for found, page in re.findall(r'file:\s*chapters/([a-z]{2})/([\w.-]+)', text):
            assert found == lang, f'{where["toc"]} lists a {found} chapter'
            pages.add((lang, page))
    return sorted(pages)


def site_dir(html_dir, lang):
    """Where a language's book sits in the built site."""
    return html_dir / sites()[lang]['site']


def chapter_path(html_dir, lang, page):
    return site_dir(html_dir, lang) / 'chapters' / lang / f'{page}.html'


def colab_url(config, lang, fw, page):
    url = config['repository']['url'].rstrip('/')
    owner_repo = url.removeprefix('https://github.com/')
    branch = config['repository'].get('branch', 'main')
    return f'https://colab.research.google.com/github/{owner_repo}/blob/{branch}/notebooks/{lang}/{fw}/{page}.ipynb'


def toc_pages(root=ROOT):
    """(lang, docname) of every page a language's table of contents lists, its root included."""
    pages = []
    for lang, where in sites().items():
        toc = yaml.safe_load((root / where['toc']).read_text(encoding='utf-8'))
        pages.append((lang, toc['root']))
        pages += [(lang, entry['file']) for entry in toc.get('chapters', [])]
    return pages


def site_pages(html_dir, root=ROOT):
    """(lang, path) of every HTML page of each language's site, generated ones included."""
    folders = {lang: site_dir(html_dir, lang) for lang in sites()}
    pages = []
    for lang, folder in folders.items():
        # a site nested in another (zh/ in the English one) is not part of it
        inner = [f for f in folders.values() if f != folder and folder in f.parents]
        for path in sorted(folder.rglob('*.html')):
            if '_static' in path.relative_to(folder).parts:
                continue
            if not any(f in path.parents for f in inner):
                pages.append((lang, path))
    return pages

"""Each page's description, for search engines and for link previews.

sphinxext-opengraph writes the Open Graph tags (og:title, og:description,
og:image, og:url) and the ``<meta name="description">``. Left alone it
describes a page by its first words of text; here every page says what it
is about in a ``description`` of its own, in its own language: the notebook
metadata of a chapter (``chapters/<lang>/<page>.ipynb``), the front matter of
a Markdown page. A page without one fails the build (it runs with -W).

The site's address, which the tags need in full, derives from the
repository named in _config.yml (GitHub Pages publishes the book there) and
the language's folder (the registry's ``book_sites``), unless ``ogp_site_url`` is set.
"""

import json
from pathlib import Path

import yaml
from sphinx.util import logging

logger = logging.getLogger(__name__)
# The first line of a Markdown page with front matter.
FENCE = '---'


def page_description(path):
    """The description a source file gives itself, or None."""
    path = Path(path)
    text = path.read_text(encoding='utf-8')
    if path.suffix == '.ipynb':
        return json.loads(text).get('metadata', {}).get('description')
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        return None
    try:
        end = lines.index(FENCE, 1)
    except ValueError:
        return None
    front = yaml.safe_load('\n'.join(lines[1:end])) or {}
    return front.get('description')


def site_url(config):
    """https://<owner>.github.io/<repo>/<site of this language>."""
    repo = config.html_theme_options.get('repository_url', '')
    owner, _, name = repo.removeprefix('https://github.com/').strip('/').partition('/')
    if not (owner and name):
        return ''
    # The build's language, as the registry names it in Sphinx terms.
    from d2l_local import registry

    sites = registry.book_sites()
    code = next(
        (lang.code for lang in registry.LANGUAGES if lang.sphinx == config.language),
        None,
    )
    folder = sites.get(code, {}).get('site', '')
    return f'https://{owner}.github.io/{name}/{folder}'


def _config_inited(app, config):
    if not config.ogp_site_url:
        config.ogp_site_url = site_url(config)
    # Jupyter Book gives the book's title to html_title, not to Sphinx's
    # project (which the extension would name the site by).
    if config.ogp_site_name is None:
        config.ogp_site_name = config.html_title


def _add_description(app, pagename, templatename, context, doctree):
    if doctree is None or pagename not in app.env.found_docs:
        return  # generated pages (search, index) are not shared
    description = page_description(app.env.doc2path(pagename))
    if not description:
        logger.warning(
            'page %s has no description: add "description" to its notebook '
            'metadata or its front matter',
            pagename,
            location=pagename,
        )
        return
    description = ' '.join(description.split())
    # sphinxext-opengraph keeps a <meta name="description"> that is already
    # there and takes og:* values from the page's fields over its own.
    meta = context.get('meta')
    if meta is None:
        meta = context['meta'] = {}
    meta['og:description'] = description
    escaped = description.replace('&', '&amp;').replace('"', '&quot;')
    escaped = escaped.replace('<', '&lt;')
    context['metatags'] += f'<meta name="description" content="{escaped}" />\n'


def setup(app):
    app.setup_extension('sphinxext.opengraph')
    app.connect('config-inited', _config_inited, priority=900)
    # Before sphinxext-opengraph's handler (priority 500) reads the page.
    app.connect('html-page-context', _add_description, priority=400)
    return {'parallel_read_safe': True, 'parallel_write_safe': True}

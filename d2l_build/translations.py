#!/usr/bin/env python3
"""Which translated prose cells no longer match the source text they translate.

Every markdown cell of a translation (``chapters/zh/<page>.ipynb``, say)
records, in its metadata, the English (source) cell it translates and a hash
of that cell's text at the time of translation:

    "metadata": {"d2l_translation": {"en_cell": "c07", "en_sha256": "3f1a..."}}

A translation is *stale* when the English cell's text no longer has that
hash, and *missing* when an English prose cell has no translated cell
that translates it (or a translated prose cell records nothing, or names an English
cell that does not exist).

Usage:
    python -m d2l_build.translations status              list stale and missing
                                                     translations; exit 1 if any
    python -m d2l_build.translations mark PAGE CELL ...  record that the translated
                                                     cells CELL (ids such as c07)
                                                     of PAGE now translate the
                                                     current English text
    python -m d2l_build.translations mark PAGE CELL --from EN_CELL
                                                     the same, for a translated cell
                                                     that translates a different
                                                     English cell

PAGE is a chapter name such as ``mlp-implementation``. Standard library
only: it runs in any environment, before any virtualenv exists.
"""

import argparse
import hashlib
import json
import sys

from d2l_build.checkout import ROOT
from d2l_local import registry

# The source language and those that translate it, from the registry.
SOURCE, TARGETS = registry.source_language(), registry.translations()
KEY = 'd2l_translation'


def text_hash(source):
    """Hash of a cell's text, as a notebook stores it (string or lines)."""
    text = ''.join(source) if isinstance(source, list) else source
    return hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]


def chapter(root, lang, page):
    return root / 'chapters' / lang / f'{page}.ipynb'


def read(path):
    return json.loads(path.read_text(encoding='utf-8'))


def write(path, nb):
    # The layout nbformat writes, so a marked notebook differs only where
    # the metadata changed.
    path.write_text(
        json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + '\n',
        encoding='utf-8',
    )


def pages(root=ROOT, langs=TARGETS):
    """(lang, page) for every translated chapter."""
    return [
        (lang, p.stem)
        for lang in langs
        for p in sorted((root / 'chapters' / lang).glob('*.ipynb'))
    ]


def prose(nb):
    return [c for c in nb['cells'] if c['cell_type'] == 'markdown']


def problems(root, page, lang=TARGETS[0]):
    """(kind, message) for every stale or missing translation of a page."""
    en_path, zh_path = chapter(root, SOURCE, page), chapter(root, lang, page)
    if not en_path.exists():
        return [
            (
                'missing',
                f'{zh_path.relative_to(root)}: no English '
                f'source {en_path.relative_to(root)}',
            )
        ]
    english = {c['id']: c for c in prose(read(en_path))}
    found, covered = [], set()
    for cell in prose(read(zh_path)):
        where = f'{zh_path.relative_to(root)} cell {cell["id"]}'
        record = cell.get('metadata', {}).get(KEY)
        if not record:
            found.append(
                ('missing', f'{where} records no English cell (metadata.{KEY})')
            )
            continue
        en_id = record.get('en_cell')
        if en_id not in english:
            found.append(
                (
                    'missing',
                    f'{where} translates English cell '
                    f'{en_id!r}, which is not a prose cell '
                    f'of {en_path.relative_to(root)}',
                )
            )
            continue
        covered.add(en_id)
        if record.get('en_sha256') != text_hash(english[en_id]['source']):
            found.append(
                (
                    'stale',
                    f'{where} is stale: English cell {en_id} '
                    f'of {en_path.relative_to(root)} changed '
                    'since it was translated',
                )
            )
    for en_id in english:
        if en_id not in covered:
            found.append(
                (
                    'missing',
                    f'{en_path.relative_to(root)} cell '
                    f'{en_id} has no translation in '
                    f'{zh_path.relative_to(root)}',
                )
            )
    return found


def status(root=ROOT):
    everything = [p for lang, page in pages(root) for p in problems(root, page, lang)]
    for kind in ('stale', 'missing'):
        listed = [message for k, message in everything if k == kind]
        print(f'{kind}: {len(listed)}')
        for message in listed:
            print(f'  {message}')
    if everything:
        print(
            'After updating a translated cell, record it: python '
            '-m d2l_build.translations mark PAGE CELL'
        )
    return 1 if everything else 0


def mark(root, page, cells, en_cell=None, lang=TARGETS[0]):
    en_path, zh_path = chapter(root, SOURCE, page), chapter(root, lang, page)
    english = {c['id']: c for c in prose(read(en_path))}
    nb = read(zh_path)
    chinese = {c['id']: c for c in prose(nb)}
    for cell_id in cells:
        if cell_id not in chinese:
            sys.exit(
                f'translations: {zh_path.relative_to(root)} has no prose cell {cell_id}'
            )
        old = chinese[cell_id].get('metadata', {}).get(KEY) or {}
        source = en_cell or old.get('en_cell') or cell_id
        if source not in english:
            sys.exit(
                f'translations: {en_path.relative_to(root)} has no prose '
                f'cell {source}; name it with --from'
            )
        chinese[cell_id].setdefault('metadata', {})[KEY] = {
            'en_cell': source,
            'en_sha256': text_hash(english[source]['source']),
        }
        print(
            f'translations: {zh_path.relative_to(root)} cell {cell_id} '
            f'translates English cell {source} as it reads now'
        )
    write(zh_path, nb)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(
        description='Stale and missing translations of the chapters.'
    )
    sub = parser.add_subparsers(dest='command', required=True)
    sub.add_parser('status', help='list stale and missing translations')
    marker = sub.add_parser('mark', help='record cells as re-translated')
    marker.add_argument('page', help='chapter name, e.g. mlp-implementation')
    marker.add_argument('cells', nargs='+', help="the translation's cell ids, e.g. c07")
    marker.add_argument(
        '--from',
        dest='en_cell',
        metavar='EN_CELL',
        help='the English cell they translate (default: the '
        'recorded one, else the same id)',
    )
    marker.add_argument(
        '--lang', choices=TARGETS, default=TARGETS[0], help='the translation'
    )
    args = parser.parse_args(argv)
    if args.command == 'status':
        return status()
    page = args.page.removesuffix('.ipynb')
    return mark(ROOT, page, args.cells, args.en_cell, args.lang)


if __name__ == '__main__':
    sys.exit(main())

"""The pages of the book and the one table of what verifying each one takes.

The pages are data: the tables of contents (`_toc.yml` for the source
language, `<lang>/_toc.yml` for each translation) list them, in order. The
policy table, `pages.toml`, says what a page's verification needs; a page
it does not list gets `DEFAULT` (the measured tolerance, no fits, no floor,
no math), so a new page is verified with no edit here. Every tool asks
this module: tools/test.sh (through the command line), the execution
record, the machine, mutation and repeat checks, and the tests.

Standard library only: the shell runs it with the system python3::

    python3 -m d2l_build.pages list                      # the toc's pages
    python3 -m d2l_build.pages show PAGE                 # its policy
    python3 -m d2l_build.pages contract                  # the contract tests' page
    python3 -m d2l_build.pages nbval-args --fw pytorch   # one suite a page
    python3 -m d2l_build.pages nbval-args --colab --fw pytorch jax

`nbval-args` prints, one line per suite, tab-separated: the suite's name,
its notebooks (space-separated), the page's nbval options, and the seconds
its notebooks took when last executed, rounded up (their execution record;
0 if none), by which `make test` starts the longest suites first.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from d2l_build.checkout import ROOT
from d2l_build.nbval_metrics.tolerance import TOLERANCES
from d2l_local import registry


@dataclass(frozen=True)
class Policy:
    fits: int = 0  # trainer.fit cells
    epochs: Optional[int] = None  # the epoch each fit's last summary reports
    # Every fit's val_acc, stored and re-made in Colab's environment, at least:
    min_val_acc: Optional[float] = None
    # Names in d2l_build/nbval_metrics/tolerance.py: in the framework's own
    # environment, and in Colab's.
    tolerance: str = 'machines'
    colab_tolerance: str = 'colab'
    math: bool = False  # the page shows equations
    colab: bool = True  # its notebooks run in Colab's environment too
    # The page whose models the contract tests (tests/frameworks) hold and
    # `make bench` times: exactly one page has it.
    contract: bool = False


DEFAULT = Policy()
TABLE = ROOT / 'pages.toml'  # beside the tables of contents


def load_policies(path: Path = TABLE) -> dict:
    """{page: Policy} from the table; a clear error for a field or a
    tolerance name it does not know."""
    import tomllib

    fields = {f.name for f in dataclasses.fields(Policy)}
    policies = {}
    for page, entry in tomllib.loads(path.read_text('utf-8')).get('pages', {}).items():
        unknown = sorted(set(entry) - fields)
        if unknown:
            raise SystemExit(
                f'{path}: [pages.{page}] has no field {unknown[0]!r}; '
                f'the fields are {", ".join(sorted(fields))}'
            )
        p = Policy(**entry)
        for name in (p.tolerance, p.colab_tolerance):
            if name not in TOLERANCES:
                raise SystemExit(
                    f'{path}: [pages.{page}] names tolerance {name!r}; '
                    f'd2l_build/nbval_metrics/tolerance.py has {", ".join(TOLERANCES)}'
                )
        policies[page] = p
    return policies


# A table, not code: adding a page's row re-runs none of the contract suites,
# which key on the build modules they import (d2l_build/suite_key.py).
POLICIES = load_policies()


def policy(page: str) -> Policy:
    """The page's policy; DEFAULT for a page the table does not list."""
    return POLICIES.get(page, DEFAULT)


def tolerance(page: str, colab: bool = False) -> float:
    """How far nbval lets the page's metrics move (a cell may widen it)."""
    p = policy(page)
    return TOLERANCES[p.colab_tolerance if colab else p.tolerance]


def nbval_options(page: str, colab: bool = False) -> list:
    p = policy(page)
    options = ['--metric-tolerance', p.colab_tolerance if colab else p.tolerance]
    if colab and p.min_val_acc is not None:
        options += ['--metric-floor', f'val_acc={p.min_val_acc:g}']
    return options


# -- the tables of contents ---------------------------------------------------
def toc_path(root: Path, lang: str) -> Path:
    """A translation's book sits in its own folder (tools/book.sh)."""
    return root / registry.book_sites()[lang]['toc']


CHAPTER = re.compile(r'^\s*-?\s*file:\s*chapters/([\w-]+)/([\w.-]+?)\s*$', re.M)


def toc_pages(root: Path = ROOT, lang: Optional[str] = None) -> list:
    """The chapter pages a language's table of contents lists, in order."""
    lang = lang or registry.source_language()
    found = []
    for where, page in CHAPTER.findall(toc_path(root, lang).read_text('utf-8')):
        if where != lang:
            raise SystemExit(f'{toc_path(root, lang)} lists a {where} chapter')
        found.append(page)
    return found


def contract_page() -> str:
    """The page the contract tests and the benchmark are about."""
    (page,) = [page for page, p in POLICIES.items() if p.contract]
    return page


def training_pages(root: Path = ROOT) -> list:
    return [page for page in toc_pages(root) if policy(page).fits]


def notebook(root: Path, fw: str, page: str, lang: Optional[str] = None) -> Path:
    lang = lang or registry.source_language()
    return root / 'notebooks' / lang / fw / f'{page}.ipynb'


def nbval_suites(root: Path, fws, colab: bool = False) -> list:
    """(suite name, notebooks, options): each page is one suite per framework,
    in the framework's own environment or in Colab's. Only the source
    language runs: the translations show its outputs."""
    suites = []
    for page in toc_pages(root):
        if colab and not policy(page).colab:
            continue
        keys = [fw for fw in fws if registry.framework(fw).colab or not colab]
        prefix = 'colab-nbval' if colab else 'nbval'
        suites += [
            (
                f'{prefix}-{page}-{fw}',
                [notebook(root, fw, page)],
                nbval_options(page, colab=colab),
            )
            for fw in keys
        ]
    return suites


# The metadata key of a notebook's execution record (d2l_build/execution_record.py).
RECORD = 'd2l_execution'


def recorded_seconds(path: Path) -> float:
    """How long the notebook took when it was last executed; 0 if unknown."""
    try:
        meta = json.loads(path.read_text('utf-8'))['metadata']
        return float(meta.get(RECORD, {}).get('seconds', 0))
    except (OSError, ValueError, KeyError, TypeError):
        return 0.0


# -- command line -------------------------------------------------------------
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog='python3 -m d2l_build.pages', description=__doc__.splitlines()[0]
    )
    parser.add_argument('--root', type=Path, default=ROOT, help='the book folder')
    sub = parser.add_subparsers(dest='command', required=True)
    sub.add_parser('list', help="the source language's pages, in toc order")
    show = sub.add_parser('show', help="a page's policy")
    show.add_argument('page')
    sub.add_parser('contract', help='the page the contract tests and bench use')
    args_ = sub.add_parser('nbval-args', help='one nbval suite a line')
    args_.add_argument('--fw', nargs='+', default=list(registry.framework_keys()))
    args_.add_argument('--colab', action='store_true', help="Colab's environment")
    args = parser.parse_args(argv)
    if args.command == 'list':
        print('\n'.join(toc_pages(args.root)))
    elif args.command == 'contract':
        print(contract_page())
    elif args.command == 'show':
        listed = 'listed' if args.page in POLICIES else 'default'
        fields = dataclasses.asdict(policy(args.page))
        print(
            f'{args.page} ({listed}): '
            + ', '.join(f'{k}={v}' for k, v in fields.items())
        )
    else:
        for name, notebooks, options in nbval_suites(args.root, args.fw, args.colab):
            paths = ' '.join(
                str(p.relative_to(args.root)) if p.is_relative_to(args.root) else str(p)
                for p in notebooks
            )
            seconds = sum(recorded_seconds(p) for p in notebooks)
            print(f'{name}\t{paths}\t{" ".join(options)}\t{math.ceil(seconds)}')
    return 0


if __name__ == '__main__':
    sys.exit(main())

"""`make test-repeat`: execute every program twice per environment and
demand that the two runs print exactly the same thing.

nbval compares a run with the stored outputs, within the tolerance measured
across machines; this compares two runs on one machine with each other,
where the rule is equality: a difference means the notebook is not
repeatable (a race, a stale buffer, an unseeded draw), whatever the stored
outputs say. Each program is one source-language notebook: its
translations have the same code cells. Every output is compared (text, and images byte for byte)
except in cells that nbval also leaves uncompared (tagged nbval-ignore-output:
wall-clock timings).

Usage: python3 -m d2l_build.repeat [--fw jax ...] [--env colab] [--page PAGE]
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import subprocess
import sys
import time

from d2l_build import pages
from d2l_build.checkout import ROOT
from d2l_build.nbval_metrics.tolerance import output_compared
from d2l_local import registry

COLAB_ENV = 'colab'

RUNNER = """
import json, sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=900, kernel_name="python3").execute()
print(json.dumps([(c.source, c.metadata, c.get("outputs", [])) for c in nb.cells
                  if c.cell_type == "code"]))
"""


def fingerprint(output):
    """What a reader sees of one output: its text, or a digest of its data."""
    if output.get('output_type') == 'stream':
        return (output['name'], ''.join(output.get('text', '')))
    data = output.get('data', {})
    return tuple(
        (kind, hashlib.sha256(''.join(value).encode()).hexdigest()[:16])
        if kind.startswith('image/')
        else (kind, ''.join(value) if isinstance(value, list) else str(value))
        for kind, value in sorted(data.items())
    )


def coalesced(outputs):
    """The outputs with consecutive writes to one stream joined, as a reader
    sees them: how a print reaches the notebook in pieces depends on when
    the kernel flushes (under load, `print('a:', True)` may arrive as 'a:'
    and ' True'), not on the program."""
    joined = []
    for output in outputs:
        text = ''.join(output.get('text', ''))
        if (
            output.get('output_type') == 'stream'
            and joined
            and joined[-1].get('output_type') == 'stream'
            and joined[-1]['name'] == output['name']
        ):
            joined[-1] = {**joined[-1], 'text': joined[-1]['text'] + text}
        elif output.get('output_type') == 'stream':
            joined.append({**output, 'text': text})
        else:
            joined.append(output)
    return joined


def execute(env, notebook):
    """[(cell source, [fingerprint, ...])] of one execution in .venv/ENV."""
    venv = ROOT / '.venv' / env
    out = subprocess.run(
        [str(venv / 'bin' / 'python'), '-c', RUNNER, str(notebook)],
        env={**os.environ, 'JUPYTER_PATH': str(venv / 'share' / 'jupyter')},
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise RuntimeError(f'{notebook} failed in .venv/{env}:\n{out.stderr[-3000:]}')
    cells = json.loads(out.stdout.strip().splitlines()[-1])
    return [
        (src, meta, [fingerprint(o) for o in coalesced(outs)])
        for src, meta, outs in cells
    ]


def differences(first, second):
    """Descriptions of the compared cells whose outputs differ."""
    found = []
    for k, ((src, meta, a), (*_, b)) in enumerate(zip(first, second)):
        if output_compared(meta) and a != b:
            line = src.strip().splitlines()[0] if src.strip() else ''
            found.append(f'code cell {k} ({line[:50]!r}): {a!r:.300} vs {b!r:.300}')
    return found


def jobs_for(frameworks, envs, page_names=None, root=ROOT):
    """(env, notebook) pairs, for the toc's pages (or `page_names`) in the
    source language (its translations run the same code cells, so they are
    the same programs): each framework's own environment, and Colab's mirror
    for the frameworks and pages that run there (d2l_build/pages.py)."""
    pairs = []
    for key in frameworks:
        fw = registry.framework(key)
        for env in envs:
            if env == COLAB_ENV and not fw.colab:
                continue
            name = fw.env if env == 'own' else env
            for page in page_names or pages.toc_pages(root):
                if env == COLAB_ENV and not pages.policy(page).colab:
                    continue
                pairs.append((name, pages.notebook(root, fw.key, page)))
    return pairs


def check(env, notebook):
    t = time.time()
    first, second = execute(env, notebook), execute(env, notebook)
    return differences(first, second), time.time() - t


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--fw', nargs='*', default=list(registry.framework_keys()))
    parser.add_argument(
        '--env',
        nargs='*',
        default=['own', COLAB_ENV],
        help="'own' (each framework's pinned environment) and/or 'colab'",
    )
    parser.add_argument(
        '--page', nargs='*', choices=pages.toc_pages(), help='these pages only'
    )
    parser.add_argument('--jobs', type=int, default=1, help='notebooks at a time')
    args = parser.parse_args()
    pairs = jobs_for(args.fw, args.env, args.page)
    start, failed = time.time(), []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(check, env, nb): (env, nb) for env, nb in pairs}
        for future in concurrent.futures.as_completed(futures):
            env, nb = futures[future]
            name = f'{nb.relative_to(ROOT)} in .venv/{env}'
            try:
                diffs, seconds = future.result()
            except RuntimeError as error:
                failed.append(name)
                print(f'test-repeat: {error}', file=sys.stderr)
                continue
            print(
                f'{"same" if not diffs else "DIFFERENT"}  {name}  ({seconds:.0f} s)',
                flush=True,
            )
            for d in diffs:
                print(f'    {d}')
            if diffs:
                failed.append(name)
    print(
        f'test-repeat: {len(pairs) - len(failed)} of {len(pairs)} notebooks '
        f'repeat exactly ({time.time() - start:.0f} s)'
    )
    if failed:
        print('test-repeat: FAILED: ' + ', '.join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())

"""`make test-machines`: how far do the training metrics move on other CPUs?

Each framework offers knobs that make it pick other CPU kernels or thread
splits, so other machines can be imitated on this one. For every framework
this re-executes the English notebook once per setting below (the Chinese
one runs the same code), reads the metrics it prints and sets them against
the stored outputs. It prints, per framework and metric, the stored value,
the range seen and the largest distance from the stored value, and fails
when that distance exceeds the tolerance nbval applies.

With `--colab` it runs each notebook once in `.venv/colab` instead (Colab's
library versions) and holds the result to the Colab tolerance.

Usage (system python3, no framework needed here):
    python3 -m d2l_build.machines [--fw jax ...] [--colab] [--json FILE]
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import time

from d2l_build import frameworks, pages
from d2l_build.checkout import ROOT
from d2l_build.nbval_metrics.compare import metric_values
from d2l_build.nbval_metrics.tolerance import cell_tolerance
from d2l_local import registry

RUNNER = """
import json, sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=900, kernel_name="python3").execute()
print(json.dumps([''.join(o.get("text", "")) for c in nb.cells
                  for o in c.get("outputs", []) if o.get("output_type") == "stream"]))
"""


def fits(texts):
    """[{metric: value}] per printed fit summary, in notebook order."""
    found = []
    for text in texts:
        for line in text.splitlines():
            values = metric_values(line)
            if values:  # every value of a line; a repeated name gets #2, #3
                found.append(
                    {
                        k if j == 0 else f'{k}#{j + 1}': x
                        for k, v in values.items()
                        for j, x in enumerate(v)
                    }
                )
    return found


def stored_fits(notebook):
    """The stored fits, and for each the metadata of the cell that printed it."""
    nb = json.loads(notebook.read_text())
    found, metadata = [], []
    for c in nb['cells']:
        for o in c.get('outputs', []):
            if o.get('output_type') == 'stream':
                new = fits([''.join(o.get('text', ''))])
                found += new
                metadata += [c.get('metadata', {})] * len(new)
    return found, metadata


def run(venv, notebook, extra, raw=False):
    env = {
        **os.environ,
        **extra,
        'JUPYTER_PATH': str(ROOT / '.venv' / venv / 'share' / 'jupyter'),
    }
    out = subprocess.run(
        [str(ROOT / '.venv' / venv / 'bin' / 'python'), '-c', RUNNER, str(notebook)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise SystemExit(
            f'test-machines: {notebook} failed under {extra}:\n{out.stderr[-3000:]}'
        )
    texts = json.loads(out.stdout.strip().splitlines()[-1])
    return texts if raw else fits(texts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        '--fw',
        nargs='*',
        default=list(registry.framework_keys()),
        choices=registry.framework_keys(),
    )
    parser.add_argument(
        '--page',
        default=pages.training_pages()[0],
        choices=pages.toc_pages(),
        help='a page of the toc (default: the first that trains)',
    )
    parser.add_argument('--json', type=pathlib.Path)
    parser.add_argument(
        '--only',
        nargs='*',
        metavar='SETTING',
        help="these settings only, e.g. '1 thread'",
    )
    parser.add_argument(
        '--colab', action='store_true', help="run in .venv/colab, Colab's versions"
    )
    args = parser.parse_args()
    if args.colab and not pages.policy(args.page).colab:
        parser.error(
            f"{args.page} does not run in Colab's environment (d2l_build/pages.py)"
        )
    # The page's tolerance, as make test applies it; a cell's metadata may
    # widen it for that cell's fits.
    page_tolerance = pages.tolerance(args.page, args.colab)
    rows, worst, beyond = [], 0.0, []
    for fw in args.fw:
        if args.colab and not registry.framework(fw).colab:
            continue
        notebook = (
            ROOT / 'notebooks' / registry.source_language() / fw / f'{args.page}.ipynb'
        )
        stored, metadata = stored_fits(notebook)
        seen = {}
        settings = {'colab': {}} if args.colab else frameworks.facts(fw).MACHINES
        if args.only:
            settings = {k: v for k, v in settings.items() if k in args.only}
        for name, extra in settings.items():
            t = time.time()
            remade = run(
                'colab' if args.colab else registry.framework(fw).env, notebook, extra
            )
            if len(remade) != len(stored):
                raise SystemExit(
                    f'test-machines: {fw} under {name!r} printed '
                    f'{len(remade)} fit summaries, stored {len(stored)}'
                )
            seen[name] = remade
            print(
                f'  {fw:<10} {name:<15} {time.time() - t:5.1f} s  '
                + ' | '.join(
                    ', '.join(f'{k} {v:.3f}' for k, v in f.items()) for f in remade
                ),
                flush=True,
            )
        for i, fit in enumerate(stored):
            for metric, value in fit.items():
                values = {name: runs[i][metric] for name, runs in seen.items()}
                far = max(abs(v - value) for v in values.values())
                worst = max(worst, far)
                allowed = cell_tolerance(metadata[i], page_tolerance)
                if far > allowed + 1e-12:
                    beyond.append(f'{fw} fit {i + 1} {metric}')
                rows.append(
                    {
                        'framework': fw,
                        'fit': i + 1,
                        'metric': metric,
                        'stored': value,
                        'min': min(values.values()),
                        'max': max(values.values()),
                        'max_diff': far,
                        'settings': values,
                    }
                )
    print(
        f'\n{"framework":<10} {"fit":>3} {"metric":<10} {"stored":>7} '
        f'{"min":>7} {"max":>7} {"max |diff|":>10}'
    )
    for r in rows:
        print(
            f'{r["framework"]:<10} {r["fit"]:>3} {r["metric"]:<10} '
            f'{r["stored"]:7.3f} {r["min"]:7.3f} {r["max"]:7.3f} '
            f'{r["max_diff"]:10.3f}'
        )
    print(
        f'largest |re-made - stored|: {worst:.3f}; tolerance nbval applies: '
        f'{page_tolerance:g} (wider in cells that set their own)'
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=1) + '\n')
    if beyond:
        print(
            'test-machines: FAILED: a setting moves a metric further than '
            'the tolerance: ' + ', '.join(beyond),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())

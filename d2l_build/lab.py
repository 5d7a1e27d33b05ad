#!/usr/bin/env python
"""Jupyter kernels for editing the tabbed sources, one per framework environment.

    python -m d2l_build.lab kernels DIR [FW ...]   # write DIR/kernels/d2l-<fw>/kernel.json

`make lab` points JUPYTER_PATH at DIR, so JupyterLab lists these kernels and
nothing is installed outside the repository. Each kernel runs its
framework's environment (.venv/<env>/bin/python) and preselects its
framework for d2lbook's tab magic.

How d2lbook picks the framework: ``tab.interact_select([...])`` shows a
drop-down (ipywidgets' ``interact`` over ``tab.select_tab``) and calls
``select_tab`` at once with the drop-down's initial value, which is
``select_tab``'s default argument when that is one of the choices, else the
first choice. d2lbook makes that default the tab chosen last on the machine
(a file in /tmp, shared by every kernel); the kernels here set it to their
own framework when they start, so a PyTorch kernel runs the ``%%tab pytorch``
cells. Choosing another framework in the drop-down still works.

Stdlib only: the tests import ``preset_lines`` to run a source the way
these kernels do.
"""

import json
import os
import sys
from pathlib import Path

from d2l_build.checkout import ROOT
from d2l_local import registry


def kernel_name(fw):
    return f'd2l-{fw}'


def preset_lines(fw):
    """IPython lines that make `fw` the framework d2lbook's drop-down starts on."""
    key = registry.framework(fw).key
    return [
        f'import d2lbook.tab as _t; _t.select_tab.__defaults__ = ({key!r},); del _t'
    ]


def kernel_argv(python, fw):
    """The command line of a kernel that starts with `fw` preselected."""
    lines = json.dumps(preset_lines(fw))
    return [
        str(python),
        '-m',
        'ipykernel_launcher',
        '-f',
        '{connection_file}',
        f'--IPKernelApp.exec_lines={lines}',
    ]


def kernel_spec(fw, root=ROOT):
    framework = registry.framework(fw)
    return {
        'argv': kernel_argv(root / '.venv' / framework.env / 'bin' / 'python', fw),
        'display_name': f'{framework.name} (d2l)',
        'language': 'python',
        # The dataset the tests use, so a kernel never downloads it.
        'env': {'D2L_DATA_DIR': str(root / '.data')},
        'metadata': {'d2l_framework': framework.key},
    }


def write_kernels(folder, frameworks):
    folder = Path(folder) / 'kernels'
    for fw in frameworks:
        target = folder / kernel_name(fw)
        target.mkdir(parents=True, exist_ok=True)
        text = json.dumps(kernel_spec(fw), indent=1) + '\n'
        (target / 'kernel.json').write_text(text, encoding='utf-8')
    # Kernels of frameworks no longer asked for would linger otherwise.
    wanted = {kernel_name(fw) for fw in frameworks}
    for old in folder.glob('d2l-*'):
        if old.name not in wanted:
            for f in old.iterdir():
                f.unlink()
            old.rmdir()


def main(argv):
    if len(argv) < 2 or argv[0] != 'kernels':
        sys.exit(__doc__.strip())
    frameworks = argv[2:] or registry.framework_keys()
    write_kernels(argv[1], frameworks)
    for fw in frameworks:
        print(kernel_name(fw), os.path.join(argv[1], 'kernels', kernel_name(fw)))


if __name__ == '__main__':
    main(sys.argv[1:])

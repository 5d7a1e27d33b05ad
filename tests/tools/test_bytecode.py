"""make's processes keep compiled bytecode, whatever the machine sets.

With PYTHONDONTWRITEBYTECODE set, every kernel and test process of a
`make test` compiled each module it imported again (tools/common.sh).
"""

import os
import subprocess
import sys
from pathlib import Path

COMMON = Path(__file__).resolve().parents[2] / 'tools' / 'common.sh'


def test_make_scripts_write_bytecode_where_the_machine_says_not_to():
    env = {**os.environ, 'PYTHONDONTWRITEBYTECODE': '1'}
    script = f'source {COMMON} && "$0" -c "import sys; print(sys.dont_write_bytecode)"'
    out = subprocess.run(
        ['bash', '-c', script, sys.executable],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == 'False'

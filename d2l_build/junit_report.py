"""Sum up the junit reports of `make test`: counts, notebook times, skips.

Prints one closing line `total: N passed, N failed, N skipped` and exits 1
when anything failed or was skipped.
"""

import collections
import pathlib
import sys
import xml.etree.ElementTree as ET


def main(folder):
    counts = collections.Counter()
    notebook_seconds = collections.defaultdict(float)
    for report in sorted(pathlib.Path(folder).glob('*.xml')):
        for case in ET.parse(report).iter('testcase'):
            outcome = 'passed'
            for child in case:
                if child.tag in ('failure', 'error'):
                    outcome = 'failed'
                elif child.tag == 'skipped':
                    outcome = 'skipped'
            counts[outcome] += 1
            name = case.get('classname', '')
            if report.stem.startswith('nbval') and '.ipynb' in (
                case.get('file') or name
            ):
                nb = (case.get('file') or name).split('.ipynb')[0]
                notebook_seconds[nb.replace('.', '/') + '.ipynb'] += float(
                    case.get('time', 0)
                )
    if notebook_seconds:
        print('notebook execution times (sum of nbval cell times):')
        for nb, seconds in sorted(notebook_seconds.items()):
            print(f'  {seconds:6.1f} s  {nb}')
        print(
            f'  {sum(notebook_seconds.values()):6.1f} s  in all, '
            f'{len(notebook_seconds)} notebooks'
        )
    print(
        f'total: {counts["passed"]} passed, {counts["failed"]} failed, '
        f'{counts["skipped"]} skipped'
    )
    if counts['skipped']:
        print('skipped tests count as failures: every check must run', file=sys.stderr)
    return 1 if counts['failed'] or counts['skipped'] else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))

"""Execute a notebook in place with the kernel of the running environment.

`make notebooks` runs this with a framework environment's python, so the
notebook runs on that environment's `python3` kernel (JUPYTER_PATH points
there). nbclient records each cell's start and end in its metadata, which
the execution record reads.

Usage: python -m d2l_build.execute_notebook NOTEBOOK
"""

import sys

import nbformat
from nbclient import NotebookClient


def main(path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=900, kernel_name='python3').execute()
    nbformat.write(nb, path)


if __name__ == '__main__':
    main(sys.argv[1])

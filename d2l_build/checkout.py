"""Where the book's checkout is: the folder with its chapters and notebooks.

Every environment but Colab's mirror installs the project in editable mode,
so the checkout is the folder above this package. The mirror installs it as
a copy, as the notebooks' Colab set-up does; its tests run inside the
checkout, so there it is the working directory or one above it.
"""

from pathlib import Path


def _find():
    here = Path(__file__).resolve().parents[1]
    for place in (here, Path.cwd(), *Path.cwd().parents):
        if (place / 'd2l_build').is_dir() and (place / 'chapters').is_dir():
            return place
    return here


ROOT = _find()

"""Build a whole book from the fixture chapter, with the real configuration.

Proves the extension, _config.yml and _toc.yml produce a warning-free book on
their own, whatever state the real chapters are in.
"""

import shutil
import subprocess
import sys
from pathlib import Path

from book_helpers import FIXTURES, FRAMEWORKS, REPO
from bs4 import BeautifulSoup

COPY = ["_config.yml", "_toc.yml", "index.md", "zh", "book_ext", "_static"]


def test_fixture_book_builds_without_warnings(tmp_path):
    mathjax = REPO / ".cache" / "mathjax" / "static"
    assert mathjax.is_dir(), "MathJax is missing: run `bash tools/book.sh` once"
    book = tmp_path / "book"
    book.mkdir()
    for name in COPY:
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, book / name)
    for name in ("chapters", "notebooks"):
        shutil.copytree(FIXTURES / name, book / name)
    (book / ".cache").mkdir()
    (book / ".cache" / "mathjax").symlink_to(mathjax.parent)

    jb = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jb), "build", str(book), "--builder", "html", "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    page = book / "_build" / "html" / "chapters" / "en" / "mlp-implementation.html"
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    sets = doc.select("div.sd-tab-set")
    assert len(sets) == 3
    for tab_set in sets:
        assert [lab["data-sync-id"] for lab in tab_set.select(":scope > label")] == FRAMEWORKS
    images = doc.select("img.d2l-figure")
    assert len(images) == 4 and all((page.parent / img["src"]).is_file() for img in images)

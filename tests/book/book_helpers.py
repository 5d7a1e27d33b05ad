"""Constants and helpers shared by the book tests (see conftest.py for fixtures)."""

import os
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ROOT = Path(os.environ.get("D2L_BOOK_ROOT", REPO)).resolve()
HTML = ROOT / "_build" / "html"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FRAMEWORKS = ["mxnet", "pytorch", "tensorflow", "jax"]
NAMES = {"mxnet": "MXNet", "pytorch": "PyTorch", "tensorflow": "TensorFlow", "jax": "JAX"}
LANGUAGES = {"en": "English", "zh": "中文"}
RAW_MARKUP = [":begin_tab:", ":end_tab:", "%%tab", ":label:", "%load_ext"]

sys.path.insert(0, str(REPO / "book_ext"))


def chapter_pages(root=ROOT):
    """(lang, page) for every chapter file listed in _toc.yml."""
    text = (root / "_toc.yml").read_text(encoding="utf-8")
    return sorted(set(re.findall(r"file:\s*chapters/([a-z]{2})/([\w.-]+)", text)))


def colab_url(config, lang, fw, page):
    url = config["repository"]["url"].rstrip("/")
    owner_repo = url.removeprefix("https://github.com/")
    branch = config["repository"].get("branch", "main")
    return f"https://colab.research.google.com/github/{owner_repo}/blob/{branch}/notebooks/{lang}/{fw}/{page}.ipynb"

"""Offline-first Fashion-MNIST: fetch the four idx files once, verify them, parse them with numpy.

The files live in ``<data_root()>/fashion-mnist/``. A file that is already there and
matches its MD5 is used as is, without any network request and without printing
anything, so notebooks that load the dataset produce the same output on every run.
A missing or corrupt file is downloaded from the first mirror that works.

Command line: ``python -m d2l_local.data [--root DIR]`` fetches and checks the files.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import hashlib
import http.client
import os
import socket
import struct
import sys
import tempfile
import urllib.error
import urllib.request
import warnings
import zlib
from pathlib import Path
from typing import NamedTuple, Optional, Sequence, Union

import numpy as np

__all__ = [
    'FILES',
    'MIRRORS',
    'DatasetError',
    'DatasetWarning',
    'FashionMNISTArrays',
    'data_root',
    'fetch',
    'load_fashion_mnist',
    'main',
]

TRAIN_IMAGES = 'train-images-idx3-ubyte.gz'
TRAIN_LABELS = 'train-labels-idx1-ubyte.gz'
TEST_IMAGES = 't10k-images-idx3-ubyte.gz'
TEST_LABELS = 't10k-labels-idx1-ubyte.gz'

# The MD5s of Zalando's released files (the same ones torchvision checks).
FILES = {
    TRAIN_IMAGES: '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
    TRAIN_LABELS: '25c81989df183df01b3e8a0aad5dffbe',
    TEST_IMAGES: 'bef4ecab320f06d8554ea6380940ec79',
    TEST_LABELS: 'bb300cfdad3c16e7a12a480ee83cd310',
}

# Tried in order; a file's URL is the base followed by the file name.
MIRRORS = (
    'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
    'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/',
)

SUBDIR = 'fashion-mnist'
IMAGE_MAGIC = 2051  # idx3: unsigned bytes, 3 dimensions
LABEL_MAGIC = 2049  # idx1: unsigned bytes, 1 dimension
ROWS = COLS = 28
NUM_CLASSES = 10
_CHUNK = 1 << 16
_USER_AGENT = 'd2l_local-data/0.1 (Fashion-MNIST fetcher; Python urllib)'


class DatasetError(RuntimeError):
    """A problem with the dataset files that the user has to fix; the message says how."""


class DatasetWarning(UserWarning):
    """Something was wrong but has been repaired (e.g. a corrupt cached file was replaced)."""


class FashionMNISTArrays(NamedTuple):
    """The whole dataset as read-only uint8 arrays."""

    train_images: np.ndarray  # (60000, 28, 28)
    train_labels: np.ndarray  # (60000,)
    test_images: np.ndarray  # (10000, 28, 28)
    test_labels: np.ndarray  # (10000,)


def data_root() -> Path:
    """The cache root: ``$D2L_DATA_DIR``, else ``$XDG_CACHE_HOME/d2l_local``, else ``~/.cache/d2l_local``."""
    override = os.environ.get('D2L_DATA_DIR')
    if override:
        return Path(override).expanduser()
    # The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
    xdg = os.environ.get('XDG_CACHE_HOME')
    if xdg and os.path.isabs(os.path.expanduser(xdg)):
        return Path(xdg).expanduser() / 'd2l_local'
    return Path.home() / '.cache' / 'd2l_local'


def _md5(path: Path) -> str:
    # Chunked, so checking the 26 MB image file does not need it all in memory at once.
    # usedforsecurity=False keeps MD5 usable on FIPS-mode Pythons; it is only an integrity check.
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(_CHUNK), b''):
            digest.update(chunk)
    return digest.hexdigest()


def _manual_instructions(folder: Path) -> str:
    names = '\n'.join(f'    {name}' for name in FILES)
    return (
        'To work offline, copy the four Fashion-MNIST files by hand into the folder\n'
        f'    {folder}\n'
        f'with exactly these names:\n{names}\n'
        '(from https://github.com/zalandoresearch/fashion-mnist, data/fashion/; '
        'their MD5s are checked on use).\n'
        'To keep the data somewhere else, set the environment variable D2L_DATA_DIR '
        f"to a folder and put the files in its '{SUBDIR}' subfolder."
    )


def _describe_network_error(exc: BaseException, timeout: float) -> str:
    """One short reason for a failed request, for the final error message."""
    if isinstance(exc, urllib.error.HTTPError):
        return f'HTTP error {exc.code} {exc.reason}'
    if isinstance(exc, urllib.error.URLError):
        # urlopen wraps failures while connecting (refused, DNS, connect time-out) in URLError.
        if isinstance(exc.reason, (socket.timeout, TimeoutError)):
            return f'timed out after {timeout:g} s while connecting'
        return f'connection failed: {exc.reason}'
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return f'timed out after {timeout:g} s waiting for data'
    if isinstance(exc, http.client.HTTPException):
        return f'broken HTTP response: {type(exc).__name__}: {exc}'
    return f'{type(exc).__name__}: {exc}'


# Everything a request or a read from the response can raise because of the network or
# the server. Local problems (disk full, no write permission) are handled separately,
# because trying the next mirror would not fix them.
_NETWORK_ERRORS = (OSError, http.client.HTTPException, ValueError)


def _new_part_file(folder: Path, name: str):
    try:
        # Same folder as the target, so the final os.replace is an atomic rename.
        return tempfile.NamedTemporaryFile(
            dir=folder, prefix=name + '.', suffix='.part', delete=False
        )
    except OSError as exc:
        raise DatasetError(
            f'Cannot create a temporary file in {folder}: {exc}.\n'
            'Make this folder writable, or set D2L_DATA_DIR to a writable folder.'
        ) from exc


def _try_mirror(
    url: str, dest: Path, expected_md5: str, timeout: float
) -> Optional[str]:
    """Download url onto dest atomically; return None on success, else why it failed.

    dest is touched only after the download is complete and verified, so a failure at
    any point leaves the folder as it was (the .part file is always removed).
    """
    request = urllib.request.Request(url, headers={'User-Agent': _USER_AGENT})
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except _NETWORK_ERRORS as exc:
        if isinstance(exc, urllib.error.HTTPError):
            exc.close()  # an HTTPError holds the open response; avoid a ResourceWarning
        return _describe_network_error(exc, timeout)

    with response:
        length = response.headers.get('Content-Length')
        expected_len = int(length) if length and length.isdigit() else None
        part = _new_part_file(dest.parent, dest.name)
        try:
            digest = hashlib.md5(usedforsecurity=False)
            received = 0
            with part:
                while True:
                    try:
                        chunk = response.read(_CHUNK)
                    except _NETWORK_ERRORS as exc:
                        return f'{_describe_network_error(exc, timeout)} (after {received} bytes)'
                    if not chunk:
                        break
                    try:
                        part.write(chunk)
                    except OSError as exc:
                        raise DatasetError(
                            f'Cannot write {part.name}: {exc}.\n'
                            'Free some disk space, or set D2L_DATA_DIR to another folder.'
                        ) from exc
                    digest.update(chunk)
                    received += len(chunk)
            # http.client returns b"" rather than raising when the server closes early,
            # so a short body has to be detected by counting.
            if expected_len is not None and received < expected_len:
                return (
                    f'truncated download: received {received} of {expected_len} bytes'
                )
            actual = digest.hexdigest()
            if actual != expected_md5:
                return f'checksum mismatch: expected MD5 {expected_md5}, got {actual} ({received} bytes)'
            os.replace(part.name, dest)
            return None
        finally:
            # After a successful os.replace the .part name is gone; otherwise remove it.
            with contextlib.suppress(FileNotFoundError):
                os.unlink(part.name)


def fetch(
    name: str,
    folder: Union[str, os.PathLike],
    mirrors: Sequence[str] = MIRRORS,
    timeout: float = 30.0,
) -> Path:
    """Return the path of a verified copy of ``name`` in ``folder``, downloading it if needed.

    A present file with the right MD5 is returned without touching the network. A
    corrupt one is reported (DatasetWarning) and replaced. Downloads try each mirror in
    order; if none works, DatasetError lists every URL with its reason and explains how
    to place the files by hand.
    """
    if name not in FILES:
        raise ValueError(
            f'unknown Fashion-MNIST file {name!r}; expected one of {sorted(FILES)}'
        )
    expected = FILES[name]
    folder = Path(folder).expanduser().absolute()
    dest = folder / name

    corrupt_note = ''
    if dest.is_file():
        try:
            actual = _md5(dest)
        except OSError as exc:
            raise DatasetError(
                f'Cannot read {dest}: {exc}.\nFix its permissions, or delete it so it is downloaded again.'
            ) from exc
        if actual == expected:
            return dest  # the common, silent, offline path
        warnings.warn(
            f'{dest} is corrupt: expected MD5 {expected}, found {actual}. Downloading it again.',
            DatasetWarning,
            stacklevel=2,
        )
        corrupt_note = (
            f'\nThe existing {dest} is corrupt (MD5 {actual}, expected {expected}) '
            'and was not used; replace it or delete it.'
        )
    elif dest.exists():
        raise DatasetError(
            f'{dest} exists but is not a regular file.\nRemove it so the file can be downloaded there.'
        )

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatasetError(
            f'Cannot create the data folder {folder}: {exc}.\n'
            'Set the environment variable D2L_DATA_DIR to a writable folder.'
        ) from exc

    failures = []
    for base in mirrors:
        url = base if base.endswith('/') else base + '/'
        url += name
        # One line per attempt, on stderr only, so stdout (and notebook outputs) stay clean.
        print(f'd2l_local: downloading {url} ...', end=' ', file=sys.stderr, flush=True)
        reason = _try_mirror(url, dest, expected, timeout)
        if reason is None:
            print('ok', file=sys.stderr, flush=True)
            return dest
        print(f'failed ({reason})', file=sys.stderr, flush=True)
        failures.append(f'  {url}: {reason}')

    tried = '\n'.join(failures) if failures else '  (no mirrors were given)'
    raise DatasetError(
        f'Could not download {name} from any mirror. Tried:\n{tried}{corrupt_note}\n'
        + _manual_instructions(folder)
    )


def _parse_error(path: Path, problem: str) -> DatasetError:
    return DatasetError(
        f'{path} is not a valid Fashion-MNIST file: {problem}.\n'
        'Delete it so it is downloaded again on the next run, or replace it with the '
        f'original {path.name} (MD5 {FILES.get(path.name, "?")}).'
    )


def _read_idx(path: Path, magic: int, ndim: int) -> np.ndarray:
    """Parse one gzipped idx file of unsigned bytes into a read-only array."""
    try:
        with gzip.open(path, 'rb') as f:
            raw = f.read()
    except (
        OSError,
        EOFError,
        zlib.error,
    ) as exc:  # not gzip, or a truncated/damaged stream
        raise _parse_error(path, f'cannot decompress it ({exc})') from exc

    header_len = 4 * (1 + ndim)
    if len(raw) < header_len:
        raise _parse_error(
            path, f'only {len(raw)} bytes, shorter than the {header_len}-byte header'
        )
    found_magic, *dims = struct.unpack(f'>{1 + ndim}I', raw[:header_len])
    if found_magic != magic:
        raise _parse_error(path, f'magic number {found_magic}, expected {magic}')
    if ndim == 3 and (dims[1], dims[2]) != (ROWS, COLS):
        raise _parse_error(
            path, f'images are {dims[1]}x{dims[2]}, expected {ROWS}x{COLS}'
        )
    body = len(raw) - header_len
    if body != int(np.prod(dims)):
        raise _parse_error(
            path,
            f'the header announces {dims[0]} items ({int(np.prod(dims))} bytes) '
            f'but the body has {body} bytes',
        )
    array = np.frombuffer(raw, dtype=np.uint8, offset=header_len).reshape(dims)
    # Shared through the in-memory cache: no caller may modify it in place.
    array.flags.writeable = False
    return array


def _read_split(
    folder: Path, images_name: str, labels_name: str, mirrors: Sequence[str]
):
    images_path = fetch(images_name, folder, mirrors=mirrors)
    labels_path = fetch(labels_name, folder, mirrors=mirrors)
    images = _read_idx(images_path, IMAGE_MAGIC, 3)
    labels = _read_idx(labels_path, LABEL_MAGIC, 1)
    if len(images) != len(labels):
        raise DatasetError(
            f'{images_path} holds {len(images)} images but {labels_path} holds {len(labels)} labels.\n'
            'Delete both files so they are downloaded again, or replace them with the original files.'
        )
    if labels.size and labels.max() >= NUM_CLASSES:
        bad = int(np.argmax(labels >= NUM_CLASSES))
        raise _parse_error(
            labels_path,
            f'label {int(labels[bad])} at index {bad} is outside 0..{NUM_CLASSES - 1}',
        )
    return images, labels


@functools.lru_cache(maxsize=4)
def _load_cached(root: Path) -> FashionMNISTArrays:
    folder = root / SUBDIR
    # MIRRORS is read here, at call time, so it can be changed (or monkeypatched in tests).
    train = _read_split(folder, TRAIN_IMAGES, TRAIN_LABELS, MIRRORS)
    test = _read_split(folder, TEST_IMAGES, TEST_LABELS, MIRRORS)
    return FashionMNISTArrays(train[0], train[1], test[0], test[1])


def load_fashion_mnist(
    root: Union[str, os.PathLike, None] = None,
) -> FashionMNISTArrays:
    """Fashion-MNIST as read-only uint8 arrays, fetched into ``<root>/fashion-mnist`` if needed.

    ``root`` defaults to :func:`data_root`. The result is cached per process and root,
    so later calls return the same object at no cost. The arrays are read-only; copy
    them (``np.array(a)``) if you need to modify them.
    """
    root = data_root() if root is None else Path(root)
    return _load_cached(root.expanduser().resolve())


# Exposed so tests (or a user who replaced the files) can drop the in-memory copy.
load_fashion_mnist.cache_clear = _load_cached.cache_clear


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog='python -m d2l_local.data',
        description='Download (if needed) and verify the Fashion-MNIST files.',
    )
    parser.add_argument(
        '--root',
        help='data root (default: $D2L_DATA_DIR or the per-user cache); '
        f'the files go in ROOT/{SUBDIR}',
    )
    args = parser.parse_args(argv)
    root = Path(args.root).expanduser() if args.root else data_root()
    folder = root.resolve() / SUBDIR
    try:
        paths = [fetch(name, folder, mirrors=MIRRORS) for name in FILES]
        load_fashion_mnist(root)  # also checks headers, sizes and labels, not only MD5s
    except DatasetError as exc:
        print(f'error: {exc}', file=sys.stderr)
        return 1
    for path in paths:
        print(f'{path.name:<28} {path.stat().st_size:>10} bytes  ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())

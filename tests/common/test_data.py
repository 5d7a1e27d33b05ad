"""Tests for d2l_local.data: mirror fallback, caching, parsing, and the real dataset.

Everything except the last test runs on small synthetic idx files served by a
loopback HTTP server, so no test needs the network or the real dataset.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import os
import socket
import struct
import threading
from pathlib import Path

import numpy as np
import pytest

from d2l_local import data

TIMEOUT = 0.5  # client time-out used against the stalling server
STALL = 3.0  # how long a stalling handler waits (it is woken early at teardown)

TRAIN_IMAGES, TRAIN_LABELS = 'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'
TEST_IMAGES, TEST_LABELS = 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'
NAMES = (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)


# --- synthetic idx files -----------------------------------------------------


def idx_gz(magic: int, dims, body: bytes) -> bytes:
    """A gzipped idx file with an arbitrary (possibly wrong) header."""
    header = struct.pack(f'>{1 + len(dims)}I', magic, *dims)
    return gzip.compress(header + body, mtime=0)  # mtime=0: same bytes on every run


def images_gz(images: np.ndarray) -> bytes:
    return idx_gz(2051, images.shape, images.astype(np.uint8).tobytes())


def labels_gz(labels) -> bytes:
    labels = np.asarray(labels, dtype=np.uint8)
    return idx_gz(2049, labels.shape, labels.tobytes())


def md5(blob: bytes) -> str:
    return hashlib.md5(blob).hexdigest()


def make_dataset():
    """Five training and four test items with random pixels and known labels."""
    rng = np.random.default_rng(0)
    train_x = rng.integers(0, 256, size=(5, 28, 28), dtype=np.uint8)
    test_x = rng.integers(0, 256, size=(4, 28, 28), dtype=np.uint8)
    train_y = np.array([0, 3, 9, 1, 5], dtype=np.uint8)
    test_y = np.array([2, 9, 0, 7], dtype=np.uint8)
    arrays = {
        TRAIN_IMAGES: train_x,
        TRAIN_LABELS: train_y,
        TEST_IMAGES: test_x,
        TEST_LABELS: test_y,
    }
    blobs = {
        TRAIN_IMAGES: images_gz(train_x),
        TRAIN_LABELS: labels_gz(train_y),
        TEST_IMAGES: images_gz(test_x),
        TEST_LABELS: labels_gz(test_y),
    }
    return arrays, blobs


ARRAYS, BLOBS = make_dataset()


# --- loopback mirror server --------------------------------------------------


class MirrorHandler(http.server.BaseHTTPRequestHandler):
    """Serves ``server.routes[path] = (mode, payload)``; records every path asked."""

    def log_message(self, *args):  # keep pytest output clean
        pass

    def do_GET(self):
        server = self.server
        with server.lock:
            server.requests.append(self.path)
        mode, payload = server.routes.get(self.path, ('404', b''))
        if mode == '404':
            self.send_error(404, 'Not Found')
        elif mode == 'good':
            self._headers(len(payload))
            self.wfile.write(payload)
        elif mode == 'wrong':  # same length, different bytes
            wrong = bytes(b ^ 0xFF for b in payload)
            self._headers(len(wrong))
            self.wfile.write(wrong)
        elif mode == 'truncate':  # promise everything, send half, hang up
            self._headers(len(payload))
            self.wfile.write(payload[: len(payload) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif mode == 'stall':  # accept the request, never answer in time
            server.stop.wait(STALL)
        elif mode == 'stall_body':  # headers and part of the body, then silence
            self._headers(len(payload))
            self.wfile.write(payload[: len(payload) // 2])
            self.wfile.flush()
            server.stop.wait(STALL)
        elif mode == 'drop':  # close the connection without any response
            self.close_connection = True
        else:
            raise AssertionError(f'unknown mode {mode}')

    def _headers(self, length: int):
        self.send_response(200)
        self.send_header('Content-Type', 'application/octet-stream')
        self.send_header('Content-Length', str(length))
        self.end_headers()


class MirrorServer:
    def __init__(self):
        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), MirrorHandler)
        self.httpd.daemon_threads = True  # a stalled handler must not block teardown
        self.httpd.routes = {}
        self.httpd.requests = []
        self.httpd.lock = threading.Lock()
        self.httpd.stop = threading.Event()
        self.base = f'http://127.0.0.1:{self.httpd.server_address[1]}/'
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True
        )
        self.thread.start()

    def mirror(self, prefix: str) -> str:
        return f'{self.base}{prefix}/'

    def route(self, prefix: str, name: str, mode: str, payload: bytes = b''):
        self.httpd.routes[f'/{prefix}/{name}'] = (mode, payload)

    @property
    def requests(self):
        with self.httpd.lock:
            return list(self.httpd.requests)

    def close(self):
        self.httpd.stop.set()  # wake stalled handlers
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def server():
    srv = MirrorServer()
    yield srv
    srv.close()


@pytest.fixture
def dead_url():
    """A loopback URL on which nothing listens: connections are refused."""
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return f'http://127.0.0.1:{port}/'


@pytest.fixture(autouse=True)
def offline(monkeypatch, dead_url):
    """Every test: synthetic checksums, no real mirrors, a fresh in-memory cache."""
    monkeypatch.setattr(data, 'FILES', {name: md5(BLOBS[name]) for name in NAMES})
    # load_fashion_mnist reads data.MIRRORS at call time: never the internet.
    monkeypatch.setattr(data, 'MIRRORS', (dead_url,))
    data.load_fashion_mnist.cache_clear()
    yield
    data.load_fashion_mnist.cache_clear()


def folder_contents(folder: Path):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def place(folder: Path, blobs: dict):
    folder.mkdir(parents=True, exist_ok=True)
    for name, blob in blobs.items():
        (folder / name).write_bytes(blob)


# --- fetch: mirror fallback --------------------------------------------------

FAILURES = ['404', 'truncate', 'wrong', 'stall', 'stall_body', 'drop', 'refused']


@pytest.mark.parametrize('failure', FAILURES)
def test_falls_back_to_next_mirror(server, dead_url, tmp_path, capsys, failure):
    name = TRAIN_LABELS
    first = dead_url if failure == 'refused' else server.mirror('a')
    if failure != 'refused':
        server.route('a', name, failure, BLOBS[name])
    server.route('b', name, 'good', BLOBS[name])

    path = data.fetch(
        name, tmp_path, mirrors=(first, server.mirror('b')), timeout=TIMEOUT
    )

    assert path == tmp_path / name
    assert path.read_bytes() == BLOBS[name]
    expected_requests = (
        [f'/b/{name}'] if failure == 'refused' else [f'/a/{name}', f'/b/{name}']
    )
    assert server.requests == expected_requests
    assert folder_contents(tmp_path) == [name]  # no .part left behind
    out, err = capsys.readouterr()
    assert out == ''  # progress goes to stderr only
    assert first + name in err and server.mirror('b') + name in err


def test_all_mirrors_fail(server, dead_url, tmp_path):
    name = TEST_IMAGES
    modes = {
        'a': '404',
        'b': 'truncate',
        'c': 'wrong',
        'd': 'stall',
        'e': 'stall_body',
        'f': 'drop',
    }
    for prefix, mode in modes.items():
        server.route(prefix, name, mode, BLOBS[name])
    mirrors = tuple(server.mirror(p) for p in modes) + (dead_url,)

    folder = tmp_path / 'fashion-mnist'
    with pytest.raises(data.DatasetError) as info:
        data.fetch(name, folder, mirrors=mirrors, timeout=TIMEOUT)
    message = str(info.value)

    assert server.requests == [
        f'/{p}/{name}' for p in modes
    ]  # tried in order, each once
    expected_reasons = {
        server.mirror('a'): '404',
        server.mirror('b'): 'truncated',
        server.mirror('c'): 'checksum mismatch',
        server.mirror('d'): 'timed out',
        server.mirror('e'): 'timed out',
        server.mirror(
            'f'
        ): '',  # RemoteDisconnected; any reason is fine, the URL must be there
        dead_url: 'connection failed',
    }
    lines = message.splitlines()
    for base, reason in expected_reasons.items():
        [line] = [ln for ln in lines if base + name in ln]
        given = line.split(base + name + ': ', 1)[1]  # the reason follows the URL
        assert given.strip() and reason in given, line
    # How to fix it by hand: the absolute folder, the four names, and D2L_DATA_DIR.
    assert str(folder.resolve()) in message
    for n in NAMES:
        assert n in message
    assert 'D2L_DATA_DIR' in message
    assert folder_contents(folder) == []  # nothing partial left behind


def test_every_failure_leaves_no_partial_file(server, tmp_path):
    name = TRAIN_IMAGES
    for mode in ['404', 'truncate', 'wrong', 'stall', 'stall_body', 'drop']:
        server.route(mode, name, mode, BLOBS[name])
        with pytest.raises(data.DatasetError):
            data.fetch(name, tmp_path, mirrors=(server.mirror(mode),), timeout=TIMEOUT)
        assert folder_contents(tmp_path) == [], mode


# --- fetch: the on-disk cache ------------------------------------------------


def test_good_cache_makes_no_request_and_prints_nothing(server, tmp_path, capsys):
    place(tmp_path, {TRAIN_LABELS: BLOBS[TRAIN_LABELS]})
    server.route('a', TRAIN_LABELS, 'good', BLOBS[TRAIN_LABELS])
    path = data.fetch(
        TRAIN_LABELS, tmp_path, mirrors=(server.mirror('a'),), timeout=TIMEOUT
    )
    assert path == tmp_path / TRAIN_LABELS
    assert server.requests == []
    assert capsys.readouterr() == ('', '')


def test_corrupt_cache_is_reported_and_replaced(server, tmp_path):
    name = TRAIN_LABELS
    corrupt = b'not the right bytes'
    place(tmp_path, {name: corrupt})
    server.route('a', name, 'good', BLOBS[name])

    with pytest.warns(data.DatasetWarning) as record:
        path = data.fetch(
            name, tmp_path, mirrors=(server.mirror('a'),), timeout=TIMEOUT
        )
    text = str(record[0].message)
    assert name in text and data.FILES[name] in text and md5(corrupt) in text
    assert path.read_bytes() == BLOBS[name]
    assert server.requests == [f'/a/{name}']
    assert folder_contents(tmp_path) == [name]


def test_corrupt_cache_is_never_parsed(tmp_path):
    # A corrupt file, no working mirror: the error is about the download.
    folder = tmp_path / 'fashion-mnist'
    place(folder, BLOBS)
    (folder / TRAIN_IMAGES).write_bytes(b'garbage')
    with pytest.warns(data.DatasetWarning), pytest.raises(data.DatasetError) as info:
        data.load_fashion_mnist(tmp_path)
    message = str(info.value)
    assert (
        'Could not download' in message
        and 'corrupt' in message
        and TRAIN_IMAGES in message
    )


def test_unknown_name_is_rejected(tmp_path):
    with pytest.raises(ValueError):
        data.fetch('nope.gz', tmp_path)


# --- load_fashion_mnist ------------------------------------------------------


def test_load_downloads_parses_and_caches_in_memory(server, monkeypatch, tmp_path):
    for name in NAMES:
        server.route('a', name, '404')
        server.route('b', name, 'good', BLOBS[name])
    monkeypatch.setattr(data, 'MIRRORS', (server.mirror('a'), server.mirror('b')))

    first = data.load_fashion_mnist(tmp_path)
    assert folder_contents(tmp_path / 'fashion-mnist') == sorted(NAMES)
    np.testing.assert_array_equal(first.train_images, ARRAYS[TRAIN_IMAGES])
    np.testing.assert_array_equal(first.train_labels, ARRAYS[TRAIN_LABELS])
    np.testing.assert_array_equal(first.test_images, ARRAYS[TEST_IMAGES])
    np.testing.assert_array_equal(first.test_labels, ARRAYS[TEST_LABELS])
    for array in first:
        assert array.dtype == np.uint8
        assert not array.flags.writeable
    with pytest.raises(ValueError):
        first.train_images[0, 0, 0] = 1

    n_requests = len(server.requests)
    assert n_requests == 8
    second = data.load_fashion_mnist(str(tmp_path))  # same root, spelled differently
    assert second is first
    assert len(server.requests) == n_requests


def test_load_reuses_disk_cache_silently(server, monkeypatch, tmp_path, capsys):
    place(tmp_path / 'fashion-mnist', BLOBS)
    monkeypatch.setattr(data, 'MIRRORS', (server.mirror('a'),))
    monkeypatch.setenv('D2L_DATA_DIR', str(tmp_path))
    arrays = data.load_fashion_mnist()  # root from the environment
    assert arrays.train_images.shape == (5, 28, 28) and arrays.test_labels.shape == (4,)
    assert data.load_fashion_mnist() is arrays
    assert server.requests == []
    assert capsys.readouterr() == ('', '')


def _bad_files():
    x, y = ARRAYS[TRAIN_IMAGES], ARRAYS[TRAIN_LABELS]
    return {
        'bad image magic': (TRAIN_IMAGES, idx_gz(2049, x.shape, x.tobytes())),
        'bad label magic': (
            TEST_LABELS,
            idx_gz(2051, (4,), ARRAYS[TEST_LABELS].tobytes()),
        ),
        'count larger than body': (TRAIN_LABELS, idx_gz(2049, (6,), y.tobytes())),
        'body larger than count': (
            TRAIN_IMAGES,
            idx_gz(2051, (4, 28, 28), x.tobytes()),
        ),
        '27x28 images': (
            TEST_IMAGES,
            idx_gz(2051, (4, 27, 28), ARRAYS[TEST_IMAGES].tobytes()[: 4 * 27 * 28]),
        ),
        'label above 9': (TRAIN_LABELS, labels_gz([0, 3, 10, 1, 5])),
        'fewer labels than images': (TRAIN_LABELS, labels_gz([0, 3, 9, 1])),
        'short header': (TEST_LABELS, gzip.compress(b'\x00\x00\x08')),
        'not gzip': (TEST_IMAGES, b'this is plain text, not gzip data'),
        'truncated gzip': (TRAIN_IMAGES, BLOBS[TRAIN_IMAGES][:-40]),
    }


@pytest.mark.parametrize('case', sorted(_bad_files()))
def test_parse_errors_name_the_file(monkeypatch, tmp_path, case):
    bad_name, bad_blob = _bad_files()[case]
    blobs = dict(BLOBS, **{bad_name: bad_blob})
    # The checksums match the bad files, so only the parser can catch the problem.
    monkeypatch.setattr(
        data, 'FILES', {name: md5(blob) for name, blob in blobs.items()}
    )
    place(tmp_path / 'fashion-mnist', blobs)

    with pytest.raises(data.DatasetError) as info:
        data.load_fashion_mnist(tmp_path)
    message = str(info.value)
    assert bad_name in message
    assert 'Delete' in message and 'replace' in message
    # A failed load is not cached: after the fix, loading works.
    place(tmp_path / 'fashion-mnist', BLOBS)
    monkeypatch.setattr(
        data, 'FILES', {name: md5(blob) for name, blob in BLOBS.items()}
    )
    assert data.load_fashion_mnist(tmp_path).train_labels.tolist() == [0, 3, 9, 1, 5]


# --- data_root and the command line ------------------------------------------


def test_data_root(monkeypatch, tmp_path):
    monkeypatch.setenv('D2L_DATA_DIR', str(tmp_path / 'd'))
    assert data.data_root() == tmp_path / 'd'
    monkeypatch.delenv('D2L_DATA_DIR')
    monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / 'xdg'))
    assert data.data_root() == tmp_path / 'xdg' / 'd2l_local'
    monkeypatch.delenv('XDG_CACHE_HOME')
    monkeypatch.setenv('HOME', str(tmp_path / 'home'))
    assert data.data_root() == tmp_path / 'home' / '.cache' / 'd2l_local'


def test_cli_ok(tmp_path, capsys):
    place(tmp_path / 'fashion-mnist', BLOBS)
    assert data.main(['--root', str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 4 and err == ''
    for name, line in zip(NAMES, lines):
        assert line.split()[0] == name and line.endswith('ok')
        assert str(len(BLOBS[name])) in line


def test_cli_failure(tmp_path, capsys):
    assert data.main(['--root', str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out == ''
    assert (
        'Could not download' in err and str(tmp_path.resolve() / 'fashion-mnist') in err
    )


# --- the real dataset --------------------------------------------------------

REAL_MD5 = {
    TRAIN_IMAGES: '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
    TRAIN_LABELS: '25c81989df183df01b3e8a0aad5dffbe',
    TEST_IMAGES: 'bef4ecab320f06d8554ea6380940ec79',
    TEST_LABELS: 'bb300cfdad3c16e7a12a480ee83cd310',
}


def test_real_dataset(monkeypatch):
    root = os.environ.get('D2L_DATA_DIR')
    if not root:
        pytest.fail(
            'D2L_DATA_DIR is not set: run `make data` (it provides the real '
            'Fashion-MNIST files) and run the tests with D2L_DATA_DIR pointing at them.'
        )
    folder = Path(root) / 'fashion-mnist'
    missing = [name for name in NAMES if not (folder / name).is_file()]
    if missing:
        pytest.fail(
            f'{folder} lacks {", ".join(missing)}: run `make data` to put the real '
            'Fashion-MNIST files there.'
        )
    # The real checksums, only a dead loopback mirror: this test never downloads.
    monkeypatch.setattr(data, 'FILES', dict(REAL_MD5))

    arrays = data.load_fashion_mnist()
    assert arrays.train_images.shape == (60000, 28, 28)
    assert arrays.train_labels.shape == (60000,)
    assert arrays.test_images.shape == (10000, 28, 28)
    assert arrays.test_labels.shape == (10000,)
    for array in arrays:
        assert array.dtype == np.uint8
    assert np.bincount(arrays.train_labels, minlength=10).tolist() == [6000] * 10
    assert np.bincount(arrays.test_labels, minlength=10).tolist() == [1000] * 10
    assert data.load_fashion_mnist() is arrays

"""The system Chromium, as the browser tests and the PDF printer start it.

Playwright drives Debian's /usr/bin/chromium (installed by
tools/ensure_browser.sh) and never downloads a browser of its own. The pages
are served from a folder by a quiet local HTTP server.
"""

import contextlib
import functools
import http.server
import threading
from pathlib import Path

CHROMIUM = Path('/usr/bin/chromium')
# Headless as root, and nothing that reaches out to the network by itself.
ARGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
]


def missing():
    """A message saying what to do when Chromium is not installed, else ''."""
    if CHROMIUM.exists():
        return ''
    return (
        f'system Chromium not found at {CHROMIUM}: run `bash tools/ensure_browser.sh`'
    )


def fresh_page(pw, profile_dir, **options):
    """(context, page) of a new Chromium with an empty profile (no stored choice)."""
    context = pw.chromium.launch_persistent_context(
        str(profile_dir),
        executable_path=str(CHROMIUM),
        headless=True,
        args=ARGS,
        viewport={'width': 1280, 'height': 900},
        **options,
    )
    return context, (context.pages[0] if context.pages else context.new_page())


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder):
    """Serve `folder` on 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f'http://127.0.0.1:{httpd.server_address[1]}'
    finally:
        httpd.shutdown()
        httpd.server_close()

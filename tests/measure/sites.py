"""Small web sites served on 127.0.0.1 by the tests: a commune portal, a robots.txt that keeps
chiso out, a slow site, an oversized page."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORTAL = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Cổng thông tin điện tử Xã Trường Xuân</title>
<meta name="last-modified" content="2026-11-20">
<script>var x = "thủ tục hành chính";</script></head>
<body><nav>
<a href="/gioi-thieu">Giới thiệu</a> <a href="/tin-tuc">Tin tức - Sự kiện</a>
<a href="/van-ban">Văn bản chỉ đạo, điều hành</a>
<a href="https://dichvucong.lamdong.gov.vn">Dịch vụ công trực tuyến</a>
<a href="/lien-he">Liên hệ</a></nav>
<p>Cập nhật ngày 02/12/2026. Lịch tiếp dân 31/12/2099.</p></body></html>"""

PARTIAL = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<a href="/tin-tuc">Tin tức</a> <p>Địa chỉ: UBND xã</p></body></html>"""


@contextmanager
def site(
    pages: dict[str, tuple[int, dict[str, str], bytes]], *, hold: threading.Event | None = None
) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Serve ``pages`` (path -> status, headers, body); yields the base address and the log of
    (path, user agent) requested. ``hold``: every request waits for it (a site that hangs)."""
    seen: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            seen.append((self.path, self.headers.get("User-Agent", "")))
            if hold is not None:
                hold.wait(10)
            status, headers, body = pages.get(self.path, (404, {}, b"not found"))
            headers = dict(headers)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            no_length = headers.pop("X-No-Length", "") if headers else ""
            if not no_length and "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))  # else: read until close
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        if hold is not None:
            hold.set()
        server.shutdown()
        server.server_close()


def html(text: str) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, text.encode()

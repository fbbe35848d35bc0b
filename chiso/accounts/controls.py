"""Control characters in what a page is sent: a 400 with the reason, not a server error.

PostgreSQL cannot store or compare U+0000 in text (a 500 on the page that saved a reason, a
question, a token's name, or searched the units), and the other C0 controls but tab, line feed and
carriage return are never typed text (a spreadsheet cannot even hold them). The API refuses the
NUL itself (``chiso.api.parser``); this answers every other page, once, before any view: the query
string's and the posted fields' names and values (forms and multipart; files are checked by the
upload rules).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

API_PREFIX = "/api/"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
REFUSED = (
    "Nội dung gửi lên có ký tự điều khiển không hợp lệ (ví dụ ký tự NUL), thường do dán từ "
    "một tệp khác: hãy gõ lại phần vừa nhập rồi gửi lại."
)
_READ = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_control(request: HttpRequest) -> bool:
    fields = [request.GET]
    if request.method == "POST" and request.content_type in _READ:
        try:
            fields.append(request.POST)
        except Exception:  # noqa: BLE001 - unreadable bodies are the view's to answer, as before
            return False
    return any(
        CONTROL.search(key) or any(CONTROL.search(value) for value in values)
        for data in fields
        for key, values in data.lists()
    )


class ControlCharactersRefusedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX) or not _has_control(request):
            return self.get_response(request)
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"ok": False, "error": REFUSED}, status=400)
        body = loader.render_to_string("409.html", {"message": REFUSED, "back": ""}, request)
        return HttpResponse(body, status=400)

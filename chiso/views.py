"""Project-wide error pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.template import loader

PAGE_NOT_FOUND = "Không tìm thấy trang này."


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 page showing a view's own Vietnamese ``Http404`` message, else a generic one.

    Django's unmatched-URL error (``Resolver404``, a subclass) carries a dict, not a message.
    """
    message = PAGE_NOT_FOUND
    if type(exception) is Http404 and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    body = loader.render_to_string("404.html", {"message": message}, request)
    return HttpResponseNotFound(body)

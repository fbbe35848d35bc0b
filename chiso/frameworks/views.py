"""Public, read-only pages describing the shipped frameworks (no login: the criteria are law)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from chiso.frameworks import selectors

FRAMEWORK_NOT_FOUND = "Không tìm thấy bộ tiêu chí có mã “{code}”."


@require_safe
def list_frameworks(request: HttpRequest) -> HttpResponse:
    # No input to parse and no access check: the frameworks are public.
    frameworks = selectors.framework_list()
    context = {"frameworks": frameworks, "can_manage": selectors.manages_frameworks(request.user)}
    return render(request, "frameworks/list_frameworks.html", context)


@require_safe
def show_framework(request: HttpRequest, code: str) -> HttpResponse:
    # `code` is parsed by the URL converter; the page is public.
    try:
        outline = selectors.framework_outline(code=code)
    except KeyError:
        raise Http404(FRAMEWORK_NOT_FOUND.format(code=code)) from None
    return render(request, "frameworks/show_framework.html", {"outline": outline})

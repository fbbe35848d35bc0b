"""The ``/api/v1/`` API: authentication, the error shape, and the routers of each area.

Schema: ``/api/v1/schema`` (OpenAPI 3.1, generated from the code); documentation page:
``/api/v1/docs`` (rendered on the server from that schema, so it works offline).
"""

from __future__ import annotations

import copy
from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.renderers import JSONRenderer

from chiso.api import (
    account,
    appraisal,
    audit,
    campaigns,
    deadlines,
    errors,
    evidence,
    forms,
    frameworks,
    notices,
    results,
    tags,
    units,
)
from chiso.api.auth import PRIVATE
from chiso.api.parser import NulRefusingParser

DESCRIPTION = """\
Mọi việc người dùng làm trên trang web, chương trình làm được qua API này, theo đúng các quy \
tắc phân quyền và nghiệp vụ của trang web.

Xác thực: mã truy cập cá nhân (tiêu đề Authorization: Bearer chiso_…, tạo ở Tài khoản của \
tôi → Mã truy cập API), hoặc phiên đăng nhập của trang web (khi ghi cần tiêu đề X-CSRFToken). \
Không đăng nhập chỉ đọc được bộ tiêu chí và kết quả đã công bố, và bị giới hạn số yêu cầu (429).

Lỗi: JSON {"code", "message", "field", "details"}; message bằng tiếng Việt, field là đường \
dẫn của trường sai.

Danh sách: limit (tối đa 200) và offset; kết quả {"count", "limit", "offset", "items"}.

Ghi: gửi kèm version đã thấy; người khác đã sửa trước thì 409 stale, giá trị hiện tại nằm \
trong details.current. Số điểm viết "43.80"; thời điểm theo ISO 8601, giờ UTC.
"""


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Vietnamese stays readable


class Api(NinjaAPI):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._schemas: dict[str, OpenAPISchema] = {}

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """The schema, generated once per process and path prefix (the routes are fixed when this
        module is imported; generating it walks every schema's JSON schema through pydantic,
        ~0.25 s a time, for /api/v1/schema, the documentation page and the tests that walk every
        operation), and a copy each time: no caller can change the kept one."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schema = self._schemas.get(path_prefix)
        if schema is None:
            schema = self._schemas[path_prefix] = super().get_openapi_schema(
                path_prefix=path_prefix
            )
        return copy.deepcopy(schema)

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """The view's name (``forms_submit``): short, stable, the docs page's anchors."""
        return str(operation.view_func.__name__)


# An operation's docstring is its description in the schema and on the documentation page:
# those are written in Vietnamese, for the people who read that page.
api = Api(
    title="chiso API",
    version="1",
    description=DESCRIPTION,
    openapi_url="/schema",
    docs_url=None,
    urls_namespace="api",
    auth=PRIVATE,
    renderer=Renderer(),
    parser=NulRefusingParser(),
)
errors.install(api)
for module in (frameworks, units, campaigns, forms, evidence, appraisal, results, audit, account):
    api.add_router("", module.router)
api.add_router("", deadlines.router)
api.add_router("", notices.router)
api.add_router("", tags.router)


def openapi_schema() -> dict[str, Any]:
    return dict(api.get_openapi_schema())

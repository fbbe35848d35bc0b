"""What every router shares: paging, path ids, the documented error responses, small refs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Annotated, Any, TypeVar

from django.db.models import QuerySet
from ninja import Field, Path, Schema

from chiso.api.errors import Error
from chiso.posted import MAX_WHOLE

T = TypeVar("T")

MAX_LIMIT = 200
# Ids beyond this are refused by validation (422) rather than overflowing a database integer
# (the pages read posted numbers with the same bound, chiso.posted).
MAX_ID = MAX_WHOLE

Id = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã số (id) của đối tượng.")]
Code = Annotated[str, Path(min_length=1, max_length=40, description="Mã tiêu chí, ví dụ SS.HT.1.")]


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="Số mục tối đa trả về (1–200).")
    offset: int = Field(0, ge=0, le=10**9, description="Bỏ qua bấy nhiêu mục đầu.")


def page(
    items: Sequence[T] | QuerySet[Any],
    params: PageParams,
    convert: Callable[[T], Any] | None = None,
) -> dict[str, Any]:
    """``{"count", "limit", "offset", "items"}`` of a queryset or list (one COUNT, one slice);
    ``convert`` shapes an item when the output schema cannot read it as it is."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    chunk: Iterable[T] = items[params.offset : params.offset + params.limit]
    return {
        "count": count,
        "limit": params.limit,
        "offset": params.offset,
        "items": [convert(item) for item in chunk] if convert else list(chunk),
    }


class Page(Schema):
    count: int = Field(description="Tổng số mục khớp bộ lọc.")
    limit: int
    offset: int


# Documented error responses: every operation may answer these (see errors.CODES).
READ_ERRORS: dict[int, type[Schema]] = {
    401: Error,
    403: Error,
    404: Error,
    422: Error,
    429: Error,
}
# A write's body may be unreadable (broken JSON or multipart): 400.
WRITE_ERRORS: dict[int, type[Schema]] = {400: Error, **READ_ERRORS, 409: Error}
PUBLIC_ERRORS: dict[int, type[Schema]] = {401: Error, 404: Error, 422: Error, 429: Error}
# Public operations: a token or a session is optional (the empty requirement).
PUBLIC_SECURITY: dict[str, Any] = {"security": [{"TokenAuth": []}, {"SessionAuth": []}, {}]}


def responses(ok: Any, errors: dict[int, type[Schema]], status: int = 200) -> dict[int, Any]:
    """The operation's documented answers, success first, then the errors by status."""
    return {status: ok, **dict(sorted(errors.items()))}


class UnitRef(Schema):
    era: str = Field(description="Cấu trúc hành chính: 2019 (3 cấp) hoặc 2025 (2 cấp).")
    code: str
    name: str
    level: str
    kind: str


class UserRef(Schema):
    id: int
    username: str
    full_name: str = Field(description="Họ và tên; có thể trống.")


def filtered(items: QuerySet[Any], **lookups: Any) -> QuerySet[Any]:
    """``items.filter(**lookups)`` with the lookups left empty ("", None, False) dropped."""
    return items.filter(**{k: v for k, v in lookups.items() if v not in ("", None, False)})

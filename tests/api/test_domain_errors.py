"""``chiso.errors.DomainError`` (issue 18): one error raised by services, read once from Django's
ValidationError, and translated once for the API (JSON) and once for the pages (the message, the
409 page)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from chiso.api.api import api
from chiso.api.errors import CODES, ApiError
from chiso.campaigns.extensions import FormLocked
from chiso.campaigns.middleware import TransitionRefusedMiddleware
from chiso.campaigns.services import INCOMPLETE, FormIncomplete, ImplicitClear, StaleEdit
from chiso.campaigns.workflow import TransitionError
from chiso.errors import STATUS, DomainError, InvalidValue, join_messages, message_of

ROOT = Path(__file__).resolve().parents[2]


def _json(error: BaseException) -> tuple[int, dict]:
    response = api.on_exception(RequestFactory().get("/api/v1/x"), error)  # type: ignore[arg-type]
    return response.status_code, json.loads(response.content)


def test_each_refusal_is_a_domain_error_with_its_code_and_status() -> None:
    cases = [
        (StaleEdit("Người khác đã sửa."), "stale", 409),
        (
            TransitionError("Phiếu đang ở trạng thái «Nháp»: không thể trả lại."),
            "transition_not_allowed",
            409,
        ),
        (FormLocked("Chưa lưu: phiếu đã khóa."), "locked", 409),
        (ImplicitClear("Các ô đang để trống."), "invalid_value", 422),
        (InvalidValue("Hãy chọn lý do điều chỉnh.", field="reason_code"), "invalid_value", 422),
        (FormIncomplete(["thiếu A", "thiếu B"]), "incomplete", 422),
        (ApiError(409, "stale", "Đợt đã đổi.", field="version"), "stale", 409),
    ]
    for error, code, status in cases:
        assert isinstance(error, DomainError)
        assert (error.code, error.status) == (code, status)
        assert str(error) == error.message
    # Kept where callers catch them as bad values.
    assert isinstance(FormLocked("x"), ValueError) and isinstance(ImplicitClear("x"), ValueError)
    assert isinstance(InvalidValue("x"), ValueError)


def test_a_validation_error_is_read_in_one_place() -> None:
    plain = DomainError.from_validation(ValidationError("Chưa đủ điều kiện."))
    assert (plain.code, plain.status, plain.field, plain.message) == (
        "rejected",
        409,
        None,
        "Chưa đủ điều kiện.",
    )
    several = DomainError.from_validation(ValidationError(["Thiếu A.", "Thiếu B."]))
    assert several.message == "Thiếu A.; Thiếu B." and several.messages == ["Thiếu A.", "Thiếu B."]
    fields = DomainError.from_validation(
        ValidationError({"decision_number": ["Hãy nhập số."], "decision_date": ["Sai ngày."]})
    )
    # The headline is the first field's; a page shows every message.
    assert (fields.code, fields.status, fields.field, fields.message) == (
        "invalid",
        422,
        "decision_number",
        "Hãy nhập số.",
    )
    assert fields.text == "Hãy nhập số.; Sai ngày."
    whole = DomainError.from_validation(ValidationError({"__all__": ["Không hợp lệ."]}))
    assert (whole.code, whole.field) == ("rejected", None)
    # A service tags a conflict with its code; Django's own "invalid" keeps the default reading.
    stale = DomainError.from_validation(ValidationError("Đợt đã đổi.", code="stale"))
    assert (stale.code, stale.status) == ("stale", 409)
    django_tag = DomainError.from_validation(ValidationError("Sai.", code="invalid"))
    assert (django_tag.code, django_tag.status) == ("rejected", 409)


def test_pages_say_every_message_joined() -> None:
    assert join_messages(["a", "b"]) == "a; b"
    assert message_of(ValidationError(["Thiếu A.", "Thiếu B."])) == "Thiếu A.; Thiếu B."
    assert message_of(ValueError("Giá trị sai.")) == "Giá trị sai."
    assert message_of(StaleEdit("Người khác đã sửa.")) == "Người khác đã sửa."
    assert message_of(FormIncomplete(["thiếu A", "thiếu B"])) == "thiếu A; thiếu B"
    assert DomainError.of(ValueError("Giá trị sai.")).code == "invalid_value"


def test_the_api_answers_each_in_its_one_shape() -> None:
    assert _json(StaleEdit("Người khác đã sửa.")) == (
        409,
        {"code": "stale", "message": "Người khác đã sửa.", "field": None, "details": None},
    )
    assert _json(FormIncomplete(["thiếu A", "thiếu B"])) == (
        422,
        {
            "code": "incomplete",
            "message": INCOMPLETE.format(n=2),
            "field": None,
            "details": ["thiếu A", "thiếu B"],
        },
    )
    assert _json(TransitionError("Không thể.")) == (
        409,
        {"code": "transition_not_allowed", "message": "Không thể.", "field": None, "details": None},
    )
    assert _json(ValidationError({"reason": ["Cần lý do."]})) == (
        422,
        {"code": "invalid", "message": "Cần lý do.", "field": "reason", "details": None},
    )
    assert _json(ValidationError("Chưa đủ điều kiện.")) == (
        409,
        {"code": "rejected", "message": "Chưa đủ điều kiện.", "field": None, "details": None},
    )
    assert _json(ApiError(409, "stale", "Đợt đã đổi.", field="version", details={"v": 2})) == (
        409,
        {"code": "stale", "message": "Đợt đã đổi.", "field": "version", "details": {"v": 2}},
    )


def test_every_domain_code_is_documented_for_the_api_with_the_same_status() -> None:
    for code, status in STATUS.items():
        assert CODES[code][0] == status, code


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_a_conflict_escaping_a_page_is_the_409_answer(accept: str) -> None:
    middleware = TransitionRefusedMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    request = RequestFactory().post("/forms/1/", headers={"Accept": accept})
    for error in (TransitionError("Không thể trả lại."), StaleEdit("Người khác đã sửa.")):
        response = middleware.process_exception(request, error)
        assert response is not None and response.status_code == 409
        if accept == "application/json":
            assert json.loads(response.content) == {"ok": False, "error": error.message}
    # Not a conflict: left to the view's own handling (or the server error page), as before.
    assert middleware.process_exception(request, InvalidValue("Sai.")) is None
    assert middleware.process_exception(request, ValueError("Sai.")) is None


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_error_module_sits_below_every_app_and_accounts_no_longer_reach_up() -> None:
    below = _imports(ROOT / "chiso" / "errors.py")
    assert not [m for m in below if m.startswith("chiso")], below
    middleware = _imports(ROOT / "chiso" / "accounts" / "middleware.py")
    assert not [m for m in middleware if m.startswith("chiso.api")], middleware

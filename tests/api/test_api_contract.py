"""The contract around every endpoint: the schema, its documentation page, the public part,
the rate limit on anonymous callers, and the one JSON error shape."""

from __future__ import annotations

import json
from typing import Any

import schemathesis
from django.test import Client, override_settings
from ninja import Schema

from chiso.api.api import openapi_schema
from chiso.api.docs import METHODS
from chiso.api.errors import CODES
from tests.api.conftest import Api, token_for

ERROR_KEYS = {"code", "message", "field", "details"}


def test_the_schema_is_valid_openapi_and_served_at_its_address(db: None) -> None:
    served = Client().get("/api/v1/schema")
    assert served.status_code == 200
    schema = served.json()
    assert schema["openapi"].startswith("3.1")
    schemathesis.openapi.from_dict(schema).validate()  # raises on any violation of OpenAPI 3.1
    operations = [op for item in schema["paths"].values() for m, op in item.items() if m in METHODS]
    assert len(operations) >= 35
    for op in operations:
        assert op["summary"] and op["operationId"]
        assert {"401", "404", "422", "429"} <= set(op["responses"]), op["operationId"]


def test_the_schema_is_made_once_and_no_caller_can_change_the_one_kept(db: None) -> None:
    """Generated once per process (it walks every schema through pydantic): each caller gets a
    copy, so a test or a page that edits what it got changes nothing for the next."""
    first = openapi_schema()
    first["paths"].clear()
    first["info"]["title"] = "đã sửa"
    again = openapi_schema()
    assert again["paths"] and again["info"]["title"] == "chiso API"
    # As served (JSON: tuples become lists).
    assert Client().get("/api/v1/schema").json() == json.loads(json.dumps(again))


def test_no_two_schemas_share_a_name_so_none_hides_another_in_the_components() -> None:
    """The schema's components are named by class name: a second ``Where`` would silently
    replace the first, and responses would be checked against the wrong one."""
    found: dict[str, set[str]] = {}
    todo = list(Schema.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("chiso.api."):
            found.setdefault(cls.__name__, set()).add(cls.__module__)
    # Every router module is imported (by chiso.api.api, imported above).
    assert {name: modules for name, modules in found.items() if len(modules) > 1} == {}


def test_the_docs_page_renders_every_endpoint_parameter_and_error_code(db: None) -> None:
    page = Client().get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    schema = openapi_schema()
    for path, item in schema["paths"].items():
        assert f"<code>{path}</code>" in html
        for method, op in item.items():
            if method not in METHODS:
                continue
            assert f'id="{op["operationId"]}"' in html
            for parameter in op.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in html
    for code in CODES:
        assert f"<code>{code}</code>" in html
    assert "cdn" not in html.lower() and '<script src="http' not in html


def test_anonymous_callers_read_the_frameworks_and_nothing_else(db: None) -> None:
    anonymous = Api()
    framework = anonymous.get("/frameworks/vn-2392-huyen")
    assert framework.status_code == 200
    criterion = framework.json()["sections"][0]["groups"][0]["criteria"][0]
    assert criterion["code"] == "SS.HT.1" and criterion["input"]["kind"] == "ratio"
    assert "Quyết định 2392" in criterion["legal_basis"]
    for path in ("/units", "/campaigns", "/forms", "/forms/1", "/audit", "/me", "/tokens"):
        refused = anonymous.get(path)
        assert refused.status_code == 401, path
        assert refused.json()["code"] == "unauthenticated"
        assert refused["WWW-Authenticate"].startswith("Bearer")
    assert anonymous.post("/forms/1/submit", {"version": 1}).status_code == 401


@override_settings(CHISO_API_ANON_RATE="3/m")
def test_anonymous_callers_are_rate_limited_and_told_when_to_come_back(cast: Any) -> None:
    anonymous = Api()
    assert [anonymous.get("/frameworks").status_code for _ in range(3)] == [200, 200, 200]
    limited = anonymous.get("/frameworks")
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    assert int(limited["Retry-After"]) > 0
    assert anonymous.get("/forms").status_code == 429  # private endpoints count too
    spoofed = anonymous.get("/frameworks", headers={"X-Forwarded-For": "203.0.113.9"})
    assert spoofed.status_code == 429  # no proxy is trusted: the header changes nothing
    # A person with a token is not an anonymous caller.
    assert Api(token_for(cast["reporter_a"])).get("/frameworks").status_code == 200


def test_an_unknown_framework_is_a_404_in_the_error_shape(db: None) -> None:
    response = Api().get("/frameworks/khong-co")
    assert response.status_code == 404
    assert set(response.json()) == ERROR_KEYS
    assert "khong-co" in response.json()["message"]


def test_djangos_own_errors_under_the_api_are_json_too(cast: Any) -> None:
    api = Api(token_for(cast["reporter_a"]))
    unknown = api.get("/khong-co-dia-chi-nay")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    wrong = api.call("PATCH", "/forms")
    assert wrong.status_code == 405 and wrong.json()["code"] == "method_not_allowed"
    assert wrong["Allow"] == "GET"
    broken = api.client.post(
        "/api/v1/forms/1/submit", data="{nope", content_type="application/json", headers=api.headers
    )
    assert broken.status_code == 400 and broken.json()["code"] == "bad_request"
    assert set(broken.json()) == ERROR_KEYS


def test_bad_query_parameters_name_the_field_in_vietnamese(cast: Any) -> None:
    api = Api(token_for(cast["reporter_a"]))
    response = api.get("/units?limit=500&era=1999")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    fields = {d["field"]: d["message"] for d in body["details"]}
    assert fields["limit"] == "phải nhỏ hơn hoặc bằng 200"
    assert "era" in fields and "phải là một trong" in fields["era"]
    assert body["field"] in fields and body["field"] in body["message"]


def test_a_nul_character_is_refused_as_bad_input_everywhere(cast: Any) -> None:
    """PostgreSQL cannot store NUL: it must come back as the caller's error, never a 500."""
    api = Api(token_for(cast["province_admin"]))
    in_query = api.get("/units?q=dak%00")
    assert in_query.status_code == 422 and in_query.json()["field"] == "q"
    assert "NUL" in in_query.json()["message"]
    in_body = api.post("/campaigns", {"province": {"era": "2019", "code": "67\x00"}})
    assert in_body.status_code == 400 and in_body.json()["code"] == "bad_request"
    in_path = api.get("/units/2019/66%006")
    assert in_path.status_code == 404 and in_path.json()["code"] == "not_found"

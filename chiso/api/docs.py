"""``/api/v1/docs``: the API's documentation, rendered on the server from the OpenAPI schema.

Swagger UI would load its scripts from a CDN, and chiso must work with no Internet; a plain page
built from the same schema lists every endpoint with its parameters, body, responses and errors,
every schema's fields, and the error codes — and needs no JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from chiso.api.errors import CODES

METHODS = ("get", "post", "put", "patch", "delete")
STATUS_VI = {
    "200": "Thành công",
    "201": "Đã tạo",
    "204": "Xong, không có nội dung",
    "400": "Yêu cầu không đọc được",
    "401": "Chưa xác thực",
    "403": "Không có quyền",
    "404": "Không tìm thấy hoặc ngoài phạm vi",
    "409": "Xung đột với trạng thái hiện tại",
    "422": "Dữ liệu không hợp lệ",
    "429": "Quá nhiều yêu cầu",
}


def type_text(schema: dict[str, Any] | bool | None) -> str:
    """A short human reading of a JSON schema: ``integer``, ``list of Points``, ``A | null``."""
    if not isinstance(schema, dict) or not schema:
        return "bất kỳ (JSON)"
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " | ".join(type_text(part) for part in schema[key])
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    if "const" in schema:
        return repr(schema["const"])
    kind = schema.get("type")
    if kind == "array":
        return f"danh sách {type_text(schema.get('items'))}"
    if kind == "object" and "additionalProperties" in schema:
        return f"từ điển → {type_text(schema['additionalProperties'])}"
    if isinstance(kind, str):
        return kind + (f" ({schema['format']})" if "format" in schema else "")
    return "bất kỳ (JSON)"


def limits_text(schema: dict[str, Any]) -> str:
    names = {
        "minimum": "≥",
        "maximum": "≤",
        "minLength": "độ dài ≥",
        "maxLength": "độ dài ≤",
    }
    return ", ".join(f"{label} {schema[key]}" for key, label in names.items() if key in schema)


def _fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    required = set(schema.get("required", []))
    return [
        {
            "name": name,
            "type": type_text(prop),
            "required": name in required,
            "limits": limits_text(prop),
            "description": prop.get("description", ""),
            "default": prop.get("default"),
        }
        for name, prop in schema.get("properties", {}).items()
    ]


def _body(operation: dict[str, Any]) -> list[dict[str, Any]]:
    content = operation.get("requestBody", {}).get("content", {})
    return [
        {"media_type": media, "type": type_text(spec.get("schema")), "schema": spec.get("schema")}
        for media, spec in content.items()
    ]


def endpoints(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation of the schema, in path order, ready for the template."""
    found = []
    for path, item in schema["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            found.append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "tags": operation.get("tags", []),
                    "public": {} in operation.get("security", [{}]),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": type_text(p.get("schema")),
                            "limits": limits_text(p.get("schema", {})),
                            "description": p.get("description", "")
                            or p.get("schema", {}).get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body": _body(operation),
                    "responses": [
                        {
                            "status": status,
                            "description": STATUS_VI.get(str(status), response.get("description")),
                            "codes": [c for c, (st, _) in CODES.items() if str(st) == str(status)],
                            "types": ", ".join(
                                f"{type_text(spec.get('schema'))} ({media})"
                                for media, spec in response.get("content", {}).items()
                            ),
                        }
                        for status, response in operation.get("responses", {}).items()
                    ],
                }
            )
    return found


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    from chiso.api.api import openapi_schema

    schema = openapi_schema()
    ops = endpoints(schema)
    tags: dict[str, list[dict[str, Any]]] = {}
    for op in ops:
        tags.setdefault(op["tags"][0] if op["tags"] else "Khác", []).append(op)
    components = schema.get("components", {}).get("schemas", {})
    return render(
        request,
        "api/docs.html",
        {
            "info": schema["info"],
            "tags": tags,
            "count": len(ops),
            "schemas": [(name, _fields(spec)) for name, spec in sorted(components.items())],
            "codes": [(code, status, text) for code, (status, text) in CODES.items()],
        },
    )

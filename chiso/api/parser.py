"""Reading request data as ninja does, refusing the NUL character on the way in.

PostgreSQL cannot store NUL in text or JSON; a NUL typed into a filter, a name or an answer is
bad input — refused here as such (422 in a query or form field, 400 in a JSON body), never
left to become a database error. Uploaded files are bytes and are not looked at.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import ValidationError
from ninja.parser import Parser

NUL = "\x00"


def _nul_at(data: Any, path: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
    """The path of the first string (or key) holding a NUL, or None."""
    if isinstance(data, str):
        return path if NUL in data else None
    if isinstance(data, dict):
        for key, value in data.items():
            if NUL in str(key):
                return (*path, key)
            found = _nul_at(value, (*path, key))
            if found is not None:
                return found
    if isinstance(data, list):
        for index, value in enumerate(data):
            found = _nul_at(value, (*path, index))
            if found is not None:
                return found
    return None


def _refuse_nul(data: Any, location: str) -> None:
    path = _nul_at(data)
    if path is not None:
        raise ValidationError([{"loc": (location, *path), "type": "nul_character", "msg": "NUL"}])


class NulRefusingParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        _refuse_nul(data, "body")
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        if data is not request.FILES:
            _refuse_nul(parsed, "query" if data is request.GET else "form")
        return parsed

"""The site's URL patterns: each path goes to the view whose pattern it was made from.

The campaigns' patterns come first of the includes (chiso/urls.py), so that the autosave, the
request people send most, is resolved without trying the twenty patterns of the frameworks'
pages first. That order is only safe while no pattern matches a path of another: checked here
for every pattern of the site (the API's, which Django Ninja routes itself, included).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, resolve

# A value each converter of the site's routes accepts.
FILL = {"int": "7", "str": "SS.HT.1", "path": "a/b"}


def _named(patterns: list[Any], prefix: str = "", space: str = "") -> Iterator[tuple[str, str]]:
    """(route, view name with its namespaces) of every named pattern."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{space}{pattern.namespace}:" if pattern.namespace else space
            yield from _named(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), space + pattern.name


def _path(route: str) -> str:
    def fill(match: re.Match[str]) -> str:
        return FILL.get(match.group(1) or "str", "x")

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", fill, route)


def test_every_named_pattern_is_reached_by_its_own_paths() -> None:
    routes = [
        (route, name)
        for route, name in _named(get_resolver().url_patterns)
        if "(?P" not in route  # the admin's one regular expression (its app list)
    ]
    assert len(routes) > 150
    # The API has one pattern per path and method (``campaigns_list``, ``campaigns_create``):
    # Django resolves the path to the first, Django Ninja picks the method's operation.
    names: dict[str, set[str]] = {}
    for route, name in routes:
        names.setdefault(route, set()).add(name)
    wrong = []
    for route, expected in names.items():
        found = resolve(_path(route)).view_name
        if found not in expected:
            wrong.append(f"{_path(route)}: {found}, not {sorted(expected)}")
    assert wrong == []


def test_the_autosave_is_the_first_pattern_tried_after_the_home_page() -> None:
    patterns = get_resolver().url_patterns
    assert patterns[0].name == "home"
    campaigns = patterns[1]
    assert isinstance(campaigns, URLResolver) and campaigns.namespace == "campaigns"
    assert campaigns.url_patterns[0].name == "save-answer"
    assert resolve("/forms/12/answers/SS.HT.1/").view_name == "campaigns:save-answer"

"""schemathesis against /api/v1/schema, in process through the WSGI app: every operation, with
generated data (a bounded number of examples), as a unit reporter and as an appraiser, and the
results operations as the approver. No response may be a server error or break the schema
(status, content type, body, headers)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from chiso.accounts.tokens import token_create
from tests.api.conftest import token_for

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Examples per operation and run: enough to reach past validation into the services, small
# enough that the whole module stays well under a minute.
EXAMPLES = {GenerationMode.POSITIVE: 12, GenerationMode.NEGATIVE: 5}


@pytest.fixture
def connection_kept_open() -> Iterator[None]:
    """As Django's test client: the WSGI app must not close the test's database connection
    at the end of each request (PostgreSQL would lose the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def real_ids(form: Any, spare_token: int) -> dict[str, Any]:
    """Path parameters naming objects that exist, so that cases reach past the 404."""
    evidence = form.evidence.filter(removed=False).first()
    return {
        "form_id": form.pk,
        "campaign_id": form.campaign_id,
        "evidence_id": evidence.pk,
        "code": "SS.HT.1",
        "era": "2019",
        "token_id": spare_token,  # never the token the run speaks with
        # The published results (Đắk Nông 2018, districts).
        "province": "67",
        "year": 2018,
        "level": "district",
        "section": "SS",
    }


def real_path(operation: Any, ids: dict[str, Any]) -> dict[str, Any]:
    names = {p.name for p in operation.iter_parameters() if p.location == "path"}
    real = {name: value for name, value in ids.items() if name in names}
    if "/frameworks/" in operation.path:
        real["code"] = "vn-2392-huyen"
    elif "/units/" in operation.path:  # a unit, or a unit's published result
        real["code"] = "666"
    return real


def run_operation(operation: Any, mode: GenerationMode, token: str, ids: dict[str, Any]) -> None:
    real = real_path(operation, ids)
    strategy = operation.as_strategy(generation_mode=mode)
    if real:
        strategy = st.one_of(
            strategy, operation.as_strategy(generation_mode=mode, path_parameters=real)
        )

    @hypothesis.given(case=strategy)
    @hypothesis.settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

    try:
        check()
    except Unsatisfiable:
        # Negative mode on an operation with nothing to break (no parameter, no body).
        assert mode is GenerationMode.NEGATIVE


@pytest.mark.parametrize(
    ("person", "mode", "paths"),
    [
        ("reporter_a", GenerationMode.POSITIVE, ""),
        ("appraiser", GenerationMode.POSITIVE, ""),
        ("reporter_a", GenerationMode.NEGATIVE, ""),
        # The approver past the 403 of publishing and correcting (the results operations only).
        ("approver", GenerationMode.POSITIVE, "/results"),
    ],
)
def test_generated_requests_find_no_server_error_and_no_response_off_the_schema(
    person: str,
    mode: GenerationMode,
    paths: str,
    submitted_a: Any,
    published_2018: Any,
    cast: dict[str, Any],
    subtests: Any,
    connection_kept_open: None,
) -> None:
    form = submitted_a
    token = token_for(cast[person])
    spare = token_create(actor=cast[person], name="dự phòng").token.pk
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema", get_wsgi_application())
    ids = real_ids(form, spare)
    for result in schema.get_all_operations():
        operation = result.ok()
        if paths not in operation.path:
            continue
        with subtests.test(msg=operation.label):
            run_operation(operation, mode, token, ids)

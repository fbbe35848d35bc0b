"""The unit directory through HTTP: each person sees their scope, nothing else leaks."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chiso.accounts.policy import FORBIDDEN_MESSAGE, HIDDEN_MESSAGE


def _client(cast: dict[str, Any], person: str) -> Client:
    client = Client()
    if person != "anonymous":
        client.force_login(cast[person])
    return client


@pytest.mark.parametrize(
    ("person", "path", "status"),
    [
        ("reporter_a", "/units/2019/666/", 200),
        ("reporter_a", "/units/2019/662/", 404),  # another district of the same province
        ("reporter_b", "/units/2019/666/", 404),
        ("reporter_commune", "/units/2019/24728/", 200),
        ("reporter_commune", "/units/2019/666/", 404),
        ("appraiser", "/units/2019/24728/", 200),
        ("appraiser", "/units/2025/68/", 404),  # another province
        ("other_appraiser", "/units/2019/666/", 404),
        ("other_appraiser", "/units/2025/68/", 200),
        ("system_admin", "/units/2025/68/", 200),
        ("reporter_a", "/units/2019/khong-co/", 404),
    ],
)
def test_a_unit_page_opens_only_within_the_persons_scope(
    cast: dict[str, Any], person: str, path: str, status: int
) -> None:
    response = _client(cast, person).get(path)

    assert response.status_code == status
    if status == 404:
        assert HIDDEN_MESSAGE in response.content.decode()
        assert "Đắk R'Lấp" not in response.content.decode() or person == "reporter_a"


def test_anonymous_visitors_are_sent_to_the_login_page(cast: dict[str, Any]) -> None:
    response = _client(cast, "anonymous").get("/units/2019/666/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/units/2019/666/")


def test_the_directory_lists_only_the_persons_units_and_searches_without_diacritics(
    cast: dict[str, Any],
) -> None:
    appraiser_page = _client(cast, "appraiser").get("/units/", {"q": "dak rlap"}).content.decode()
    reporter_page = _client(cast, "reporter_b").get("/units/").content.decode()
    other_page = _client(cast, "other_appraiser").get("/units/", {"q": "dak"}).content.decode()

    assert "Huyện Đắk R&#x27;Lấp" in appraiser_page
    assert "Huyện Cư Jút" in reporter_page and "Đắk R&#x27;Lấp" not in reporter_page
    assert "Đắk R&#x27;Lấp" not in other_page and "Tỉnh Đắk Nông" not in other_page


def test_the_directory_runs_a_fixed_number_of_queries(
    cast: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client = _client(cast, "appraiser")
    client.get("/units/")  # warm the session
    with django_assert_max_num_queries(8):
        response = client.get("/units/", {"level": "commune"})
    assert response.status_code == 200


def test_a_unit_page_shows_its_children_and_its_successor(cast: dict[str, Any]) -> None:
    page = _client(cast, "appraiser").get("/units/2019/67/").content.decode()

    assert "Huyện Tuy Đức" in page
    assert "Tỉnh Lâm Đồng" in page  # the 2025 successor is named, even outside the scope


def test_only_the_province_admin_may_import_agencies(cast: dict[str, Any]) -> None:
    upload = {"file": ("co-quan.csv", "Mã,Tên\nSYT,Sở Y tế\n".encode())}

    def post(person: str) -> int:
        from django.core.files.uploadedfile import SimpleUploadedFile

        name, data = upload["file"]
        return (
            _client(cast, person)
            .post("/units/2019/67/agencies/", {"file": SimpleUploadedFile(name, data)})
            .status_code
        )

    assert post("appraiser") == 403
    assert post("other_admin") == 404
    assert post("province_admin") == 302
    page = _client(cast, "province_admin").get("/units/2019/67/").content.decode()
    assert "Sở Y tế" in page


def test_a_refused_import_shows_each_problem_and_the_403_page_is_vietnamese(
    cast: dict[str, Any],
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = _client(cast, "province_admin")
    response = admin.post(
        "/units/2019/67/agencies/",
        {"file": SimpleUploadedFile("co-quan.csv", "Mã,Tên\nS Y T,\n".encode())},
    )
    forbidden = _client(cast, "appraiser").post(
        "/units/2019/67/agencies/", {"file": SimpleUploadedFile("a.csv", b"x")}
    )

    assert response.status_code == 400
    assert "co-quan.csv, dòng 2, cột «Mã»" in response.content.decode()
    assert FORBIDDEN_MESSAGE in forbidden.content.decode()


def test_the_directory_refuses_post(cast: dict[str, Any]) -> None:
    assert _client(cast, "appraiser").post("/units/").status_code == 405

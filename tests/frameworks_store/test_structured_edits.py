"""The structured edits of a draft (issue 16: sections, groups, criteria, levels or bands in the
browser): each one stored only when the framework still loads, otherwise the loader's message
next to the item's form and nothing stored; a framework that extends another records each edit
as a change with its reason."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.test import Client

from chiso.frameworks.models import FrameworkVersion
from chiso.frameworks.services import framework_of
from chiso.scoring.loader import Bands, Ladder


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _alerts(response: Any) -> str:
    """The page's error messages, for a failing assertion."""
    import re

    return " | ".join(re.findall(r'role="alert">(.*?)</div>', response.content.decode(), re.S))


def _draft(client: Client, template: str, code: str) -> FrameworkVersion:
    response = client.post(
        "/frameworks/versions/new/", {"source": "template", "template": template, "code": code}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return FrameworkVersion.objects.get(code=code)


def _bands(version: FrameworkVersion) -> list[tuple[str, Any]]:
    version.refresh_from_db()
    classification = framework_of(version).sections[0].classification
    assert isinstance(classification, Bands)
    return [(b.name, b.min_total) for b in classification.bands]


BANDS = {
    "revision": 1,
    "name": "Chuyển đổi số",
    "max_points": "1000",
    "classification_type": "bands",
    "row_count": 5,
    "name_0": "Tốt",
    "min_0": "850",
    "name_1": "Khá",
    "min_1": "650",
    "name_2": "Trung bình",
    "min_2": "500",
    "name_3": "Yếu",
    "min_3": "0",
    "name_4": "Xuất sắc",  # the blank row: added below, sorted to the top
    "min_4": "950",
}


def test_a_sections_bands_are_edited_added_and_a_wrong_one_refused(cast: dict[str, Any]) -> None:
    client = _client(cast["province_admin"])
    version = _draft(client, "mau-2026-xa-phuong", "thu-2026-xa")
    page = client.get(f"/frameworks/versions/{version.pk}/").content.decode()
    assert "Sửa hạng mục CDS" in page and "Tốt ≥ 800" in page

    url = f"/frameworks/versions/{version.pk}/sections/CDS/"
    assert client.post(url, BANDS).status_code == 302
    assert _bands(version) == [
        ("Xuất sắc", 950),
        ("Tốt", 850),
        ("Khá", 650),
        ("Trung bình", 500),
        ("Yếu", 0),
    ]
    assert version.revision == 2

    wrong = client.post(url, BANDS | {"revision": 2, "min_3": "10", "name_4": ""})
    assert wrong.status_code == 422
    assert "khoảng thấp nhất phải bắt đầu từ 0" in wrong.content.decode()
    assert len(_bands(version)) == 5 and version.revision == 2  # nothing stored

    stale = client.post(url, BANDS | {"revision": 1})
    assert stale.status_code == 422 and "lần sửa 2" in stale.content.decode()


def test_a_ladders_levels_keep_a_share_per_group(cast: dict[str, Any]) -> None:
    client = _client(cast["province_admin"])
    version = _draft(client, "vn-2392-xa", "thu-2392-xa")
    framework = framework_of(version)
    section = framework.sections[0]
    assert isinstance(section.classification, Ladder)
    groups = [g.code for g in section.groups]
    form: dict[str, Any] = {
        "revision": 1,
        "name": section.name,
        "max_points": str(section.max_points),
        "classification_type": "ladder",
        "group_codes": groups,
        "below": "Chưa đạt",
    }
    levels = section.classification.levels
    form["row_count"] = len(levels)
    for i, level in enumerate(levels):
        form[f"name_{i}"] = level.name
        form[f"min_{i}"] = f"{float(level.min_total):g}".replace(".", ",")
        shares = dict(level.min_share)
        for g in groups:
            form[f"share_{i}_{g}"] = "0,95" if (i, g) == (0, groups[0]) else str(float(shares[g]))
    response = client.post(f"/frameworks/versions/{version.pk}/sections/{section.code}/", form)
    assert response.status_code == 302, _alerts(response)
    version.refresh_from_db()
    after = framework_of(version).sections[0].classification
    assert isinstance(after, Ladder) and after.below == "Chưa đạt"
    assert dict(after.levels[0].min_share)[groups[0]] == Decimal("0.95")
    assert dict(after.levels[0].min_share)[groups[1]] == dict(levels[0].min_share)[groups[1]]
    assert [lv.min_total for lv in after.levels] == [lv.min_total for lv in levels]


def test_a_criterion_is_added_to_a_group_and_removed_with_the_groups_maximum_following(
    cast: dict[str, Any],
) -> None:
    client = _client(cast["province_admin"])
    version = _draft(client, "mau-2026-xa-phuong", "thu-2026-xa")
    url = f"/frameworks/versions/{version.pk}/groups/NT/add/"
    new = {
        "revision": 1,
        "new_code": "NT.6",
        "new_name": "Số lớp bồi dưỡng kỹ năng số cho người dân",
        "new_max_points": "20",
        "new_kind": "count",
        "new_unit": "lớp",
        "new_points_per_item": "5",
        "new_evidence": "required",
        "new_basis_item": "Chỉ số thành phần 1.6 (tỉnh bổ sung năm 2026)",
    }
    refused = client.post(url, new)  # without «tính lại»: 120 ≠ 100, nothing stored
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "cộng lại 120 điểm, khác điểm tối đa 100" in page
    assert 'value="Số lớp bồi dưỡng kỹ năng số cho người dân"' in page  # what was typed stays
    version.refresh_from_db()
    assert version.revision == 1 and "NT.6" not in version.yaml_text

    added = client.post(url, new | {"rebalance": "on"})
    assert added.status_code == 302, _alerts(added)
    version.refresh_from_db()
    framework = framework_of(version)
    group = next(g for g in framework.sections[0].groups if g.code == "NT")
    assert [c.code for c in group.criteria][-1] == "NT.6" and group.max_points == 120
    assert framework.sections[0].max_points == 1000  # a weighted index keeps its scale
    added = group.criteria[-1]
    assert added.evidence_required and added.rule.type == "per_item"

    taken = client.post(url, new | {"revision": 2, "rebalance": "on"})
    assert taken.status_code == 422 and "đã có trong bộ tiêu chí" in taken.content.decode()

    gone = client.post(
        f"/frameworks/versions/{version.pk}/criteria/NT.2/remove/",
        {"revision": 2, "rebalance": "on"},
    )
    assert gone.status_code == 302
    version.refresh_from_db()
    group = next(g for g in framework_of(version).sections[0].groups if g.code == "NT")
    assert "NT.2" not in [c.code for c in group.criteria] and group.max_points == 100


def test_a_groups_weight_that_breaks_the_scale_is_refused_and_its_name_is_edited(
    cast: dict[str, Any],
) -> None:
    client = _client(cast["province_admin"])
    version = _draft(client, "mau-2026-xa-phuong", "thu-2026-xa")
    url = f"/frameworks/versions/{version.pk}/groups/NT/"
    base = {"revision": 1, "name": "Nhận thức số", "max_points": "100", "weight": "100"}
    wrong = client.post(url, base | {"weight": "150"})
    assert wrong.status_code == 422 and "trọng số" in _alerts(wrong), _alerts(wrong)
    assert client.post(url, base | {"name": "Nhận thức và lãnh đạo số"}).status_code == 302
    version.refresh_from_db()
    group = framework_of(version).sections[0].groups[0]
    assert group.name == "Nhận thức và lãnh đạo số" and group.weight == 100


def test_an_extending_framework_records_each_edit_as_a_change_with_its_reason(
    cast: dict[str, Any],
) -> None:
    client = _client(cast["province_admin"])
    version = _draft(client, "danang-2392-phuong-xa", "thu-danang-xa")
    assert "extends: vn-2392-xa" in version.yaml_text
    framework = framework_of(version)
    group = framework.sections[0].groups[0]
    add = f"/frameworks/versions/{version.pk}/groups/{group.code}/add/"
    new = {
        "revision": 1,
        "new_code": f"{group.code}.9",
        "new_name": "Hệ thống camera giám sát kết nối trung tâm điều hành của tỉnh",
        "new_max_points": "1",
        "new_kind": "boolean",
        "new_basis_article": "Phụ lục II",
        "new_basis_item": "tỉnh bổ sung",
        "rebalance": "on",
    }
    no_reason = client.post(add, new)
    assert no_reason.status_code == 422 and "hãy ghi lý do" in _alerts(no_reason)
    done = client.post(add, new | {"reason": "Tỉnh bổ sung tiêu chí năm 2026"})
    assert done.status_code == 302, _alerts(done)
    version.refresh_from_db()
    assert f"add_to: {group.code}" in version.yaml_text
    assert version.yaml_text.count("Tỉnh bổ sung tiêu chí năm 2026") == 3  # add, group, section
    after = framework_of(version).sections[0]
    assert after.groups[0].max_points == group.max_points + 1
    assert after.max_points == framework.sections[0].max_points + 1

    gone = client.post(
        f"/frameworks/versions/{version.pk}/criteria/{group.code}.9/remove/",
        {"revision": 2, "rebalance": "on", "reason": "Bỏ lại"},
    )
    assert gone.status_code == 302, _alerts(gone)
    version.refresh_from_db()
    assert f"remove: {group.code}.9" in version.yaml_text
    back = framework_of(version).sections[0]
    assert back.groups[0].max_points == group.max_points
    assert back.max_points == framework.sections[0].max_points

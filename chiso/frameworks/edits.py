"""The structured edits of a draft framework's YAML text, as the browser's forms make them:
a section (name, scale, its levels or bands), a group (name, points, weight, cap, whether a
unit may declare it not applicable), a new criterion in a group, a criterion removed.

Each function returns the new text; the service (``framework_version_update``) validates it with
the scoring core's loader and stores it, so a wrong edit is refused with the loader's own
located message and nothing is written. A framework that ``extends`` another records each edit
as a ``changes`` entry with its reason (``set``, ``add_to``, ``remove``), so its lineage stays
readable; one written out in full is edited in place.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from chiso.frameworks.texts import parse_mapping, resolved_mapping

NO_SUCH_ITEM = "Bản nháp không có mục mã «{code}»."
REASON_NEEDED = "Bộ này điều chỉnh từ «{parent}»: hãy ghi lý do điều chỉnh."
CODE_TAKEN = "Mã «{code}» đã có trong bộ tiêu chí; hãy đặt mã khác."
CODE_NEEDED = "Hãy nhập mã tiêu chí (ví dụ NT.6)."
NAME_NEEDED = "Hãy nhập tên tiêu chí."
KIND_UNKNOWN = "Kiểu nhập «{kind}» không có; chọn một kiểu trong danh sách."
LAST_CRITERION = "Nhóm {group} chỉ còn tiêu chí {code}: bỏ nhóm trong nội dung YAML nếu cần."

# The kinds of criterion the «Thêm tiêu chí» form writes (the rest in the YAML editor).
NEW_KINDS = {
    "boolean": "Có/không (đủ điểm khi «có»)",
    "ratio": "Tỷ lệ hai số (điểm theo tỷ lệ)",
    "percentage": "Tỷ lệ phần trăm (điểm theo tỷ lệ)",
    "count": "Số lượng (mỗi mục một số điểm)",
}


def _dump(data: dict[str, Any]) -> str:
    from chiso.frameworks.workbook.columns import dump_yaml

    return dump_yaml(data)


def find_node(nodes: list[Any], code: str) -> dict[str, Any] | None:
    """The section, group or criterion ``code`` in a framework mapping's ``sections``."""
    for node in nodes:
        if not isinstance(node, dict):
            continue
        if str(node.get("code")) == code:
            return node
        for key in ("groups", "criteria"):
            found = find_node(node.get(key) or [], code)
            if found is not None:
                return found
    return None


def _parent_of(nodes: list[Any], code: str) -> tuple[dict[str, Any], list[Any]] | None:
    """The node that holds ``code`` in one of its lists, and that list."""
    for node in nodes:
        if not isinstance(node, dict):
            continue
        for key in ("groups", "criteria"):
            children = node.get(key) or []
            if any(isinstance(c, dict) and str(c.get("code")) == code for c in children):
                return node, children
            found = _parent_of(children, code)
            if found is not None:
                return found
    return None


def _reason(data: dict[str, Any], reason: str) -> str:
    if data.get("extends") and not reason.strip():
        raise ValidationError({"reason": REASON_NEEDED.format(parent=data["extends"])})
    return reason.strip()


def _changes(data: dict[str, Any]) -> list[Any]:
    changes = list(data.get("changes") or [])
    data["changes"] = changes
    return changes


def node_edit_text(text: str, *, code: str, fields: dict[str, Any], reason: str = "") -> str:
    """The text with the given fields of section, group or criterion ``code`` replaced; a
    field given as ``""`` or ``None`` is removed (it falls back to the loader's default)."""
    data = parse_mapping(text)
    why = _reason(data, reason)
    if data.get("extends"):
        _changes(data).append({"set": code, **fields, "reason": why})
        return _dump(data)
    node = find_node(data.get("sections") or [], code)
    if node is None:
        raise ValidationError(NO_SUCH_ITEM.format(code=code))
    for key, value in fields.items():
        if value in ("", None):
            node.pop(key, None)
        else:
            node[key] = value
    return _dump(data)


def new_criterion(
    *,
    code: str,
    name: str,
    kind: str,
    max_points: Any,
    unit: str = "",
    numerator: str = "",
    denominator: str = "",
    points_per_item: Any = None,
    evidence: str = "required",
    basis_article: str = "",
    basis_item: str = "",
) -> dict[str, Any]:
    """A criterion's mapping from the «Thêm tiêu chí» form: one of the common input kinds with
    its usual rule; the loader checks points and rule when the text is validated."""
    code, name = code.strip(), name.strip()
    problems: dict[str, str] = {}
    if not code:
        problems["code"] = CODE_NEEDED
    if not name:
        problems["name"] = NAME_NEEDED
    if kind not in NEW_KINDS:
        problems["kind"] = KIND_UNKNOWN.format(kind=kind)
    if problems:
        raise ValidationError(problems)
    node: dict[str, Any] = {"code": code, "name": name, "max_points": max_points}
    if kind == "boolean":
        node |= {"input": "boolean", "rule": "yes_no"}
    elif kind == "ratio":
        node |= {
            "input": {
                "kind": "ratio",
                "numerator": numerator.strip() or "Tử số",
                "denominator": denominator.strip() or "Mẫu số",
            },
            "rule": "proportional",
        }
    elif kind == "percentage":
        node |= {"input": {"kind": "percentage"}, "rule": "proportional"}
    else:
        node |= {
            "input": {"kind": "count", "unit": unit.strip() or "mục"},
            "rule": {"type": "per_item", "points_per_item": points_per_item},
        }
    basis = {"article": basis_article.strip(), "item": basis_item.strip()}
    if any(basis.values()):
        node["legal_basis"] = {k: v for k, v in basis.items() if v}
    node["provenance"] = "verified"
    node["evidence"] = evidence if evidence in ("required", "optional") else "optional"
    return node


def criterion_add_text(
    text: str, *, group: str, criterion: dict[str, Any], reason: str = ""
) -> str:
    """The text with ``criterion`` appended to group ``group``."""
    data = parse_mapping(text)
    why = _reason(data, reason)
    sections = data.get("sections") or []
    if data.get("extends"):
        _changes(data).append({"add_to": group, "criterion": criterion, "reason": why})
        return _dump(data)
    target = find_node(sections, group)
    if target is None:
        raise ValidationError(NO_SUCH_ITEM.format(code=group))
    if find_node(sections, str(criterion["code"])) is not None:
        raise ValidationError({"code": CODE_TAKEN.format(code=criterion["code"])})
    target.setdefault("criteria", []).append(criterion)
    return _dump(data)


def item_remove_text(text: str, *, code: str, reason: str = "") -> str:
    """The text without criterion ``code`` (the last criterion of a group stays: a group
    without criteria cannot be scored, and removing a group is a larger decision)."""
    data = parse_mapping(text)
    why = _reason(data, reason)
    if data.get("extends"):
        _changes(data).append({"remove": code, "reason": why})
        return _dump(data)
    found = _parent_of(data.get("sections") or [], code)
    if found is None:
        raise ValidationError(NO_SUCH_ITEM.format(code=code))
    parent, siblings = found
    if len(siblings) == 1 and "groups" not in parent:
        raise ValidationError(LAST_CRITERION.format(group=parent.get("code"), code=code))
    siblings[:] = [c for c in siblings if not (isinstance(c, dict) and str(c.get("code")) == code)]
    return _dump(data)


def _path(nodes: list[Any], code: str) -> list[dict[str, Any]] | None:
    """The nodes from a section down to the node that holds ``code`` (inclusive)."""
    for node in nodes:
        if not isinstance(node, dict):
            continue
        for key in ("groups", "criteria"):
            children = node.get(key) or []
            if any(isinstance(c, dict) and str(c.get("code")) == code for c in children):
                return [node]
            below = _path(children, code)
            if below is not None:
                return [node, *below]
    return None


def holder_of(text: str, code: str) -> list[str]:
    """The codes from the section down to the item holding ``code`` (resolved text)."""
    path = _path(resolved_mapping(text).get("sections") or [], code)
    if path is None:
        raise ValidationError(NO_SUCH_ITEM.format(code=code))
    return [str(n.get("code")) for n in path]


def rebalanced_text(text: str, *, path: list[str], reason: str = "") -> str:
    """The text with the maximum points along ``path`` (section → … → the item whose criteria
    changed) set to the sum of their parts, from the innermost up: a group's maximum is its
    criteria's sum; a section's is its scored groups' sum unless its groups carry weights (a
    weighted index keeps its scale). Each change is one more ``set`` with the same reason."""
    for code in reversed(path):
        data = resolved_mapping(text)
        node = find_node(data.get("sections") or [], code)
        if node is None:
            continue
        if "groups" in node:
            groups = [g for g in node["groups"] if isinstance(g, dict)]
            if any(g.get("weight") is not None for g in groups):
                continue
            parts = [g for g in groups if g.get("role", "scored") == "scored"]
        else:
            parts = [c for c in node.get("criteria") or [] if isinstance(c, dict)]
        total = sum((p.get("max_points") or 0 for p in parts), 0)
        if parts and total != node.get("max_points"):
            text = node_edit_text(text, code=code, fields={"max_points": total}, reason=reason)
    return text


def classification_from_rows(
    kind: str, rows: list[dict[str, Any]], *, groups: list[str], below: str = ""
) -> dict[str, Any]:
    """A section's ``classification`` from the form's table of levels or bands, sorted highest
    first (a level added in the blank last row takes its place); rows without a name are
    dropped. A ladder's row carries one minimum share per group (``share_<group>``); equal
    shares are written as ``min_share_all``."""
    kept = sorted(
        (r for r in rows if str(r.get("name") or "").strip()),
        key=lambda r: _order(r.get("min_total")),
        reverse=True,
    )
    if kind == "bands":
        return {
            "type": "bands",
            "bands": [
                {"name": r["name"].strip(), "min_total": _plain(r.get("min_total"))} for r in kept
            ],
        }
    levels = []
    for r in kept:
        level: dict[str, Any] = {"name": r["name"].strip(), "min_total": _plain(r.get("min_total"))}
        shares = {g: _plain(r.get(f"share_{g}")) for g in groups}
        if len(set(map(str, shares.values()))) == 1:
            level["min_share_all"] = next(iter(shares.values()))
        else:
            level["min_share"] = shares
        levels.append(level)
    result: dict[str, Any] = {"type": "ladder"}
    if below.strip():
        result["below"] = below.strip()
    result["levels"] = levels
    return result


def _plain(value: Any) -> Any:
    """A number as the form's parser gave it (int or exact Decimal), or the text as typed so the
    loader names the problem next to the field; an empty cell is 0."""
    return 0 if value in (None, "") else value


def _order(value: Any) -> Any:
    """Sort key of a typed minimum: numbers by value; text the loader will refuse, last."""
    from decimal import Decimal

    return value if isinstance(value, int | Decimal) else Decimal("-Infinity")

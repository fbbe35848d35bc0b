"""«Cách tính điểm» as people write it → a rule of the scoring core.

A table written by hand has no YAML rule; its scoring column says, in words, how points are
given. These patterns are understood (any other text is refused with the list of them, and the
«Quy tắc (YAML)» column can always say it exactly):

- «Có: 2 điểm; Không: 0 điểm» (or «Có/Không») → yes_no on a có/không answer;
- «Theo tỷ lệ» / «tỷ lệ % × điểm tối đa» → proportional on a percentage;
- «≥ 90%: 5 điểm; ≥ 70%: 3 điểm; dưới 70%: 0 điểm» (also «từ 90% trở lên: 5 điểm») → tiers;
- «Mỗi văn bản 0,5 điểm, tối đa 2 điểm» → per_item on a count;
- «Thẩm định viên chấm» / «Hội đồng chấm» → appraiser (points given by the appraiser);
- for a criterion with sub-criteria: «Tổng điểm các ý» (sum) or «Lấy điểm cao nhất» (best_of).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from chiso.frameworks.workbook.columns import CellError
from chiso.units_data import fold

PATTERNS = (
    "«Có: 2 điểm; Không: 0 điểm», «Theo tỷ lệ», «≥ 90%: 5 điểm; ≥ 70%: 3 điểm; dưới 70%: 0 điểm»,"
    " «Mỗi văn bản 0,5 điểm, tối đa 2 điểm», «Thẩm định viên chấm»"
)
NOT_UNDERSTOOD = (
    "không hiểu cách tính điểm «{text}»; hãy viết theo một mẫu: {patterns} — hoặc ghi quy tắc"
    " vào cột «Quy tắc (YAML)»"
)
NUMBER = r"(\d+(?:[.,]\d+)?)"


def _number(text: str) -> Any:
    value = Decimal(text.replace(",", "."))
    return int(value) if value == value.to_integral_value() else value


def parse_how(text: str, *, parent: bool) -> tuple[Any, str | None]:
    """(rule mapping or None for the default, input kind or None) for a «Cách tính điểm»."""
    folded = fold(text)
    if parent:
        if "cao nhat" in folded or "chon mot" in folded:
            return {"type": "best_of"}, None
        return None, None
    if not folded:
        raise CellError("trống: hãy ghi cách tính điểm, ví dụ " + PATTERNS)
    if "tham dinh" in folded or "hoi dong" in folded or "cham diem truc tiep" in folded:
        return "appraiser", "points"
    per = re.search(rf"moi\b.*?{NUMBER}\s*diem", folded)
    if per:
        cap = re.search(rf"toi da\s*{NUMBER}", folded)
        rule: dict[str, Any] = {"type": "per_item", "points_per_item": _number(per.group(1))}
        if cap:
            rule["cap"] = _number(cap.group(1))
        return rule, "count"
    tiers = re.findall(
        rf"(?:>=|≥|tu|tren|dat)\s*{NUMBER}\s*%?[^:;\n]*?[:=→-]+\s*{NUMBER}\s*diem", folded
    )
    if tiers:
        return {
            "type": "tiers",
            "tiers": [{"min": _number(m), "points": _number(p)} for m, p in tiers],
        }, "percentage"
    if "ty le" in folded or "%" in folded:
        return "proportional", "percentage"
    yes = re.match(rf"^co\b(?:\s*[:=]\s*{NUMBER}\s*diem)?", folded)
    if yes and ("khong" in folded or yes.group(1)):
        if yes.group(1):
            return {"type": "yes_no", "points_yes": _number(yes.group(1))}, "boolean"
        return "yes_no", "boolean"
    raise CellError(NOT_UNDERSTOOD.format(text=text.strip()[:120], patterns=PATTERNS))

"""Two versions of the commune framework for the crosswalk's tests: vn-2392-xa (last year) and a
province's new version of it where three criteria changed code:

- SS.HT.1 became SS.HT.01, same name → proposed by name;
- SS.NL.2 became SS.NL.3, "CNTT" written out → proposed by similar wording;
- SS.MT.2 became SS.MT.3, another criterion (same maximum) → no counterpart.
"""

from __future__ import annotations

from chiso.frameworks.texts import load_text, with_identity
from chiso.scoring import Framework, shipped_registry
from chiso.scoring.loader import SHIPPED_DIR

OLD_CODE = "vn-2392-xa"
RENAMED = {"SS.HT.1": "SS.HT.01", "SS.NL.2": "SS.NL.3", "SS.MT.2": "SS.MT.3"}
NL3_NAME = "Tỷ lệ CBCC cấp xã được tập huấn kỹ năng ứng dụng công nghệ thông tin"
MT3_NAME = "Có trang thông tin điện tử của xã cập nhật hằng tháng"


def new_text(code: str = "lamdong-xa-moi", version: str = "1") -> str:
    text = (SHIPPED_DIR / f"{OLD_CODE}.yaml").read_text("utf-8")
    for old, new in RENAMED.items():
        text = text.replace(f"- code: {old}\n", f"- code: {new}\n")
    text = text.replace('"Tỷ lệ CBCC cấp xã được tập huấn kỹ năng ứng dụng CNTT"', f'"{NL3_NAME}"')
    text = text.replace(
        '"Tỷ lệ CBCC cấp xã thực hiện quy chế sử dụng thư điện tử và hệ thống quản lý văn bản"',
        f'"{MT3_NAME}"',
    )
    return with_identity(text, code=code, version=version)


def old_framework() -> Framework:
    return shipped_registry().get(OLD_CODE)


def new_framework() -> Framework:
    return load_text(new_text(), display="lamdong-xa-moi@1")

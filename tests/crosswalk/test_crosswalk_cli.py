"""``chiso frameworks crosswalk OLD NEW [--confirm FILE]`` as an operator runs it."""

from __future__ import annotations

from typing import Any

import pytest

from chiso.cli import main
from chiso.frameworks.models import FrameworkCrosswalk
from tests.crosswalk.frameworks import new_text

PROVINCE = ["--province", "68", "--structure", "2025"]


def run(capsys: Any, *args: Any) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.django_db
def test_the_proposal_is_printed_edited_and_confirmed(capsys: Any, tmp_path: Any) -> None:
    source = tmp_path / "moi.yaml"
    source.write_text(new_text(), "utf-8")
    status, out, err = run(
        capsys, "frameworks", "import", source, "--as", "lamdong-xa-moi", *PROVINCE
    )
    assert status == 0, err

    status, out, err = run(
        capsys, "frameworks", "crosswalk", "vn-2392-xa", "lamdong-xa-moi@1", *PROVINCE
    )
    assert status == 0 and "Đề xuất, chưa xác nhận" in err
    assert "SS.HT.1 -> SS.HT.01  # cùng tên" in out.splitlines()
    assert "SS.MT.2 -> -  # không có tương ứng" in out.splitlines()

    # A mistake: SS.HT.4 onto SS.HT.01 without «gộp»; every problem listed, nothing stored.
    wrong = tmp_path / "doi-chieu.txt"
    wrong.write_text(out.replace("SS.HT.4 -> SS.HT.4", "SS.HT.4 -> SS.HT.01"), "utf-8")
    status, _, err = run(
        capsys, "frameworks", "crosswalk", "vn-2392-xa", "lamdong-xa-moi@1",
        "--confirm", wrong, *PROVINCE,
    )  # fmt: skip
    assert status == 1
    assert "«SS.HT.1», «SS.HT.4» cùng ghép vào «SS.HT.01» mà không ghi là gộp" in err
    assert not FrameworkCrosswalk.objects.exists()

    # Said to be a merge, it is confirmed; printing again shows the confirmed pairs.
    merged = out.replace("SS.HT.4 -> SS.HT.4", "SS.HT.4 -> SS.HT.01 gộp").replace(
        "SS.HT.1 -> SS.HT.01", "SS.HT.1 -> SS.HT.01 gộp"
    )
    wrong.write_text(merged, "utf-8")
    status, _, err = run(
        capsys, "frameworks", "crosswalk", "vn-2392-xa", "lamdong-xa-moi@1",
        "--confirm", wrong, *PROVINCE,
    )  # fmt: skip
    assert status == 0, err
    status, out, err = run(
        capsys, "frameworks", "crosswalk", "vn-2392-xa", "lamdong-xa-moi@1", *PROVINCE
    )
    assert "SS.HT.4 -> SS.HT.01 gộp" in out.splitlines() and "Đề xuất" not in err

    bad = tmp_path / "hong.txt"
    bad.write_text("SS -> SS\nSS.HT SS.HT\n", "utf-8")
    status, _, err = run(
        capsys, "frameworks", "crosswalk", "vn-2392-xa", "lamdong-xa-moi@1",
        "--confirm", bad, *PROVINCE,
    )  # fmt: skip
    assert status == 2 and "hong.txt, dòng 2" in err

"""The crosswalk's pure part: the proposal, every problem of an edited crosswalk, and last
year's values carried onto this year's codes (hand-computed)."""

from __future__ import annotations

from fractions import Fraction

from chiso.frameworks.crosswalk import (
    NO_COUNTERPART,
    SAME_CODE,
    SAME_NAME,
    Link,
    apply,
    links_from_data,
    propose,
    validate,
)
from tests.crosswalk.frameworks import new_framework, old_framework
from tests.test_no_django_in_scoring import CHISO_DIR, django_imports


def _edited(**changes: Link | None) -> list[Link]:
    """The proposal with some old codes' links replaced (None: the link removed)."""
    links = []
    for link in propose(old_framework(), new_framework()):
        if link.old in changes:
            replaced = changes[link.old]
            if replaced is not None:
                links.append(replaced)
            continue
        links.append(link)
    return links


def test_the_proposal_keeps_codes_then_names_then_similar_wording() -> None:
    links = {link.old: link for link in propose(old_framework(), new_framework())}

    # 2 sections + 7 groups + 20 criteria (SS.HT.3's two parts included) of vn-2392-xa.
    assert len(links) == 29
    assert (links["SS"].new, links["SS"].how) == ("SS", SAME_CODE)
    assert (links["SS.HT.3.1"].new, links["SS.HT.3.1"].how) == ("SS.HT.3.1", SAME_CODE)
    assert (links["SS.HT.1"].new, links["SS.HT.1"].how) == ("SS.HT.01", SAME_NAME)
    # "…ứng dụng CNTT" against "…ứng dụng công nghệ thông tin": 88 % alike.
    assert (links["SS.NL.2"].new, links["SS.NL.2"].how) == ("SS.NL.3", "tên gần giống (88%)")
    # Another criterion with the same maximum is not proposed: its wording differs.
    assert (links["SS.MT.2"].new, links["SS.MT.2"].how) == (None, NO_COUNTERPART)


def test_the_proposal_is_valid_as_it_stands() -> None:
    old, new = old_framework(), new_framework()
    assert validate(propose(old, new), old, new) == []


def test_every_problem_is_named_with_its_codes() -> None:
    old, new = old_framework(), new_framework()
    links = _edited(
        # onto a code the new framework does not have
        **{"SS.HT.2": Link("SS.HT.2", "SS.HT.9")},
        # two old criteria onto one new without saying it is a merge
        **{"SS.HT.4": Link("SS.HT.4", "SS.HT.01")},
        # a criterion onto a group
        **{"SS.NL.1": Link("SS.NL.1", "SS.MT")},
        # forgotten
        **{"KQ.CD.1": None},
    )
    links += [Link("XX.1", "SS.HT.2"), Link("SS.MT.1", None)]  # unknown; SS.MT.1 twice

    problems = validate(links, old, new, old_ref="vn-2392-xa", new_ref="lamdong-xa-moi@1")

    assert problems == [
        "«SS.MT.1» được ghép 2 lần; mỗi mã cũ chỉ ghép một lần.",
        "«SS.HT.2» ghép vào «SS.HT.9», nhưng «SS.HT.9» không có trong bộ tiêu chí mới"
        " (lamdong-xa-moi@1).",
        "«SS.NL.1» là tiêu chí nhưng «SS.MT» là nhóm tiêu chí; chỉ ghép cùng loại.",
        "«XX.1» không có trong bộ tiêu chí năm trước (vn-2392-xa).",
        "«SS.HT.1», «SS.HT.4» cùng ghép vào «SS.HT.01» mà không ghi là gộp;"
        " đánh dấu «gộp» hoặc sửa một cặp.",
        "«KQ.CD.1» (Sử dụng hệ thống một cửa điện tử liên thông của tỉnh)"
        " chưa được ghép: chọn mã mới hoặc «không có tương ứng».",
    ]


def test_a_merge_said_so_is_valid_and_adds_up() -> None:
    old, new = old_framework(), new_framework()
    links = _edited(
        **{"SS.HT.1": Link("SS.HT.1", "SS.HT.01", merge=True)},
        **{"SS.HT.4": Link("SS.HT.4", "SS.HT.01", merge=True)},
    )
    assert validate(links, old, new) == []

    # 4,80 + 3,5 = 8,30 on SS.HT.01; SS.HT.4 has no code of its own this year.
    values = {"SS.HT.1": Fraction("4.8"), "SS.HT.4": Fraction(7, 2), "SS.HT.2": Fraction(4)}
    assert apply(links, values) == {"SS.HT.01": Fraction("8.3"), "SS.HT.2": Fraction(4)}
    # A merge with one part missing last year is not carried: half a sum compares with nothing.
    assert apply(links, {"SS.HT.1": Fraction("4.8")}) == {}


def test_apply_carries_values_onto_new_codes_and_drops_no_counterpart() -> None:
    links = [
        Link("SS", "SS"),
        Link("SS.HT.1", "SS.HT.01"),
        Link("SS.NL.2", "SS.NL.3"),
        Link("SS.MT.2", None),
    ]
    values = {
        "SS": Fraction("26.3"),
        "SS.HT.1": Fraction("4.8"),
        "SS.NL.2": Fraction(10, 3),
        "SS.MT.2": Fraction(2),
    }
    assert apply(links, values) == {
        "SS": Fraction("26.3"),
        "SS.HT.01": Fraction("4.8"),
        "SS.NL.3": Fraction(10, 3),
    }


def test_links_round_trip_through_their_stored_form() -> None:
    links = [Link("A", "B", merge=True, how=SAME_NAME), Link("C", None)]
    assert links_from_data([link.as_data() for link in links]) == (
        Link("A", "B", merge=True),
        Link("C", None),
    )
    assert links_from_data([{"old": "C", "new": ""}]) == (Link("C", None),)


def test_the_crosswalk_core_has_no_django() -> None:
    path = CHISO_DIR / "frameworks" / "crosswalk.py"
    assert django_imports(path.read_text("utf-8"), str(path)) == []

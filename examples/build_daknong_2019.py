"""Write the Đắk Nông 2019 example answer files (examples/answers/daknong-2019-*/).

The totals of the ranked units are the ones published by QĐ 47/QĐ-UBND (10/01/2020):
district readiness Gia Nghĩa 43,80 (Mức II), Cư Jút 40,23 (Mức II), Đắk R'lấp 37,42 (Mức IV);
district results Gia Nghĩa 81,75 (Mức III), Krông Nô 71,18 (Mức IV); commune readiness
Nâm N'Jang 21,5 and Tâm Thắng 21,4 (Mức IV); no commune ranked for results. The answers
themselves are INVENTED so that the reconstructed criteria give those totals: the published
report has totals only. Units and codes are the real pre-2025 GSO ones.

    python examples/build_daknong_2019.py        # rewrites the JSON files, deterministically
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent / "answers"
PLAN = {
    "number": "{n}/KH-UBND",
    "date": "2019-01-{d:02d}",
    "issuer": "UBND {who}",
    "summary": "Kế hoạch ứng dụng CNTT, xây dựng Chính quyền điện tử năm 2019",
}
RULES = {
    "number": "{n}/QĐ-UBND",
    "date": "2019-03-{d:02d}",
    "issuer": "UBND {who}",
    "summary": "Quy chế bảo đảm an toàn thông tin",
}


def doc(template: dict[str, str], n: int, d: int, who: str) -> dict[str, str]:
    return {k: v.format(n=n, d=d, who=who) for k, v in template.items()}


def district(
    code: str, name: str, ss: dict[str, object], kq: dict[str, object]
) -> dict[str, object]:
    return {"unit": code, "name": name, "answers": {**ss, **kq}}


def district_ss(
    ht1, ht2, lan, wan, av_ratio, av_central, mbps, nl1, nl2, nl3, plan, rules, mt3, who
):
    return {
        "SS.HT.1": ht1,
        "SS.HT.2": ht2,
        "SS.HT.3.1": lan,
        "SS.HT.3.2": wan,
        "SS.HT.4.1": av_ratio,
        "SS.HT.4.2": av_central,
        "SS.HT.5": mbps,
        "SS.NL.1": nl1,
        "SS.NL.2": nl2,
        "SS.NL.3": nl3,
        "SS.MT.1": doc(PLAN, plan, 15, who) if plan else False,
        "SS.MT.2": doc(RULES, rules, 20, who) if rules else False,
        "SS.MT.3": mt3,
    }


def district_kq(hd1, hd2, hd3, tt1, tt2, tt3, tt4, gd1, gd2, cd1, cd2):
    return {
        "KQ.HD.1": hd1,
        "KQ.HD.2": hd2,
        "KQ.HD.3": hd3,
        "KQ.TT.1": tt1,
        "KQ.TT.2": tt2,
        "KQ.TT.3": tt3,
        "KQ.TT.4": tt4,
        "KQ.GD.1": gd1,
        "KQ.GD.2": gd2,
        "KQ.CD.1": cd1,
        "KQ.CD.2": cd2,
    }


DISTRICTS = [
    # Readiness 43,80 = HT 27,00 + NL 9,80 + MT 7,00 → Mức II (NL under Mức I's 90 %).
    # Results 81,75 = HD 36 + TT 29 + GD 15 + CD 1,75 → Mức III (TT under Mức II's 85 %).
    district(
        "660",
        "Thành phố Gia Nghĩa",
        district_ss(
            [48, 50],
            [124, 400],
            True,
            True,
            [50, 50],
            True,
            "2.5",
            "chuyen_trach",
            [280, 500],
            6,
            12,
            15,
            [2, 3],
            "Gia Nghĩa",
        ),
        district_kq(
            10,
            [40, 50],
            12,
            [90, 100],
            [90, 100],
            [80, 100],
            50,
            [80, 100],
            [70, 100],
            False,
            "1.75",
        ),
    ),
    # Readiness 40,23 = HT 24,10 + NL 9,63 + MT 6,50 → Mức II with 0,23 to spare.
    district(
        "662",
        "Huyện Cư Jút",
        district_ss(
            [40, 50],
            [50, 400],
            True,
            True,
            [40, 50],
            True,
            "2",
            "chuyen_trach",
            [263, 500],
            6,
            21,
            22,
            [1, 2],
            "huyện Cư Jút",
        ),
        district_kq(
            9, [30, 50], 8, [80, 100], [75, 100], [50, 100], 40, [60, 100], [55, 100], True, "0.5"
        ),
    ),
    # Readiness 37,42 = HT 23,02 + NL 8,50 + MT 5,90 → Mức IV: 0,08 short of Mức III's 37,5.
    district(
        "666",
        "Huyện Đắk R'Lấp",
        district_ss(
            [40, 50],
            [122, 400],
            True,
            True,
            [45, 50],
            False,
            "1.5",
            "kiem_nhiem",
            [350, 500],
            6,
            31,
            32,
            [3, 10],
            "huyện Đắk R'Lấp",
        ),
        district_kq(
            8, [30, 50], 6, [70, 100], [70, 100], [40, 100], 30, [50, 100], [40, 100], False, "0"
        ),
    ),
    # Results 71,18 = HD 32,2 + TT 24,98 + GD 14 + CD 0 → Mức IV.
    district(
        "664",
        "Huyện Krông Nô",
        district_ss(
            [38, 50],
            [200, 400],
            True,
            False,
            [40, 50],
            False,
            "1.2",
            "kiem_nhiem",
            [200, 500],
            4,
            41,
            0,
            [2, 10],
            "huyện Krông Nô",
        ),
        district_kq(
            10,
            [31, 50],
            6,
            [80, 100],
            [80, 100],
            [60, 100],
            "39.6",
            [75, 100],
            [65, 100],
            False,
            "0",
        ),
    ),
    # Readiness 42,38 ≥ 35 but Nhân lực 7,10 < 70 % of 12 (8,40): not ranked — the group rule.
    # Results 78,00 ≥ 70,5 but Giao dịch 12 < 70 % of 20 (14): not ranked either.
    district(
        "663",
        "Huyện Đắk Mil",
        district_ss(
            [45, 50],
            [360, 400],
            True,
            True,
            [45, 50],
            True,
            "2.2",
            "kiem_nhiem",
            [260, 500],
            3,
            51,
            52,
            [3, 3],
            "huyện Đắk Mil",
        ),
        district_kq(
            10, [45, 50], 20, [90, 100], [80, 100], [80, 100], 40, [60, 100], [60, 100], False, "0"
        ),
    ),
    district(
        "661",
        "Huyện Đăk Glong",
        district_ss(
            [30, 50],
            [200, 400],
            True,
            False,
            [30, 50],
            False,
            "0.8",
            "kiem_nhiem",
            [150, 500],
            2,
            61,
            0,
            [1, 5],
            "huyện Đăk Glong",
        ),
        district_kq(
            6, [20, 50], 3, [60, 100], [50, 100], [30, 100], 20, [30, 100], [20, 100], False, "0"
        ),
    ),
    district(
        "665",
        "Huyện Đắk Song",
        district_ss(
            [35, 50],
            [280, 400],
            True,
            True,
            [35, 50],
            False,
            "1",
            "kiem_nhiem",
            [200, 500],
            2,
            71,
            0,
            [2, 8],
            "huyện Đắk Song",
        ),
        district_kq(
            8, [30, 50], 5, [70, 100], [65, 100], [40, 100], 30, [40, 100], [35, 100], True, "0"
        ),
    ),
    district(
        "667",
        "Huyện Tuy Đức",
        district_ss(
            [25, 50],
            [160, 400],
            True,
            False,
            [25, 50],
            False,
            "0.6",
            "khong",
            [100, 500],
            1,
            81,
            0,
            [0, 6],
            "huyện Tuy Đức",
        ),
        district_kq(
            5, [15, 50], 2, [50, 100], [40, 100], [20, 100], 10, [20, 100], [10, 100], False, "0"
        ),
    ),
]


def commune(code, name, district_name, ht1, ht2, lan, wan, ht4, nl1, nl2, plan, mt2, kq):
    who = f"{name}, {district_name}"
    answers = {
        "SS.HT.1": ht1,
        "SS.HT.2": ht2,
        "SS.HT.3.1": lan,
        "SS.HT.3.2": wan,
        "SS.HT.4": ht4,
        "SS.NL.1": nl1,
        "SS.NL.2": nl2,
        "SS.MT.1": doc(PLAN, plan, 25, who) if plan else False,
        "SS.MT.2": mt2,
    }
    answers.update(
        dict(
            zip(
                [
                    "KQ.HD.1",
                    "KQ.HD.2",
                    "KQ.HD.3",
                    "KQ.TT.1",
                    "KQ.TT.2",
                    "KQ.TT.3",
                    "KQ.GD.1",
                    "KQ.GD.2",
                    "KQ.CD.1",
                    "KQ.CD.2",
                ],
                kq,
                strict=True,
            )
        )
    )
    return {"unit": code, "name": name, "answers": answers}


LOW_RESULTS = [4, [10, 25], 2, [10, 20], [8, 20], [1, 4], [2, 10], [10, 100], False, "0"]
COMMUNES = [
    # Readiness 21,5 = HT 13,0 + NL 4,9 + MT 3,6 → Mức IV (Mức III needs 22,5).
    commune(
        "24728",
        "Xã Nâm N'Jang",
        "huyện Đắk Song",
        [8, 10],
        [5, 10],
        True,
        True,
        [6, 10],
        True,
        [19, 40],
        12,
        [3, 10],
        LOW_RESULTS,
    ),
    # Readiness 21,4 = HT 12,9 + NL 5,0 + MT 3,5 → Mức IV.
    commune(
        "24655",
        "Xã Tâm Thắng",
        "huyện Cư Jút",
        [8, 10],
        [5, 10],
        True,
        True,
        [29, 50],
        True,
        [1, 2],
        7,
        [5, 20],
        [5, [12, 25], 5, [12, 20], [10, 20], [2, 4], [3, 10], [20, 100], True, "0.5"],
    ),
    commune(
        "24612",
        "Phường Nghĩa Thành",
        "thành phố Gia Nghĩa",
        [9, 10],
        [8, 10],
        True,
        True,
        [8, 10],
        False,
        [30, 40],
        3,
        [10, 20],
        [6, [20, 25], 10, [16, 20], [15, 20], [3, 4], [5, 10], [30, 100], True, "1"],
    ),
    commune(
        "24667",
        "Xã Đắk Lao",
        "huyện Đắk Mil",
        [6, 10],
        [4, 10],
        True,
        False,
        [5, 10],
        True,
        [10, 40],
        0,
        [2, 20],
        LOW_RESULTS,
    ),
]


def write(folder: str, units: list[dict[str, object]]) -> None:
    target = HERE / folder
    target.mkdir(parents=True, exist_ok=True)
    for unit in units:
        path = target / f"{unit['unit']}.json"
        path.write_text(json.dumps(unit, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write("daknong-2019-huyen", DISTRICTS)
    write("daknong-2019-xa", COMMUNES)

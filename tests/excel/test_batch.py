"""A batch of many units' forms: plain files and zips, and what a zip may not smuggle in."""

from __future__ import annotations

import zipfile

import pytest

from chiso.excel.archive import SUSPICIOUS_RATIO
from chiso.excel.batch import (
    BATCH_TOO_LARGE,
    EMPTY_ZIP,
    ENCRYPTED,
    MAX_BATCH_BYTES,
    MAX_BATCH_FILES,
    NESTED,
    NOT_ZIP,
    TOO_MANY_FILES,
    UNSAFE_PATH,
    expand_batch,
)
from tests.excel.builders import zip_of

FORM = b"PK\x03\x04 pretend this is a form"


def _outcome(files: list[tuple[str, bytes]]) -> list[tuple[tuple[str, ...], str]]:
    return [(entry.path, entry.problem) for entry in expand_batch(files)]


def test_plain_files_pass_through_and_a_zip_becomes_the_files_inside_it() -> None:
    archive = zip_of({"a.xlsx": FORM, "huyen/b.xlsx": FORM, "huyen/": b""})

    entries = expand_batch([("x.xlsx", FORM), ("dot.zip", archive)])

    assert [(entry.path, entry.data) for entry in entries] == [
        (("x.xlsx",), FORM),
        (("dot.zip", "a.xlsx"), FORM),
        (("dot.zip", "huyen/b.xlsx"), FORM),
    ]


def test_files_an_archiver_adds_by_itself_are_skipped() -> None:
    archive = zip_of({"a.xlsx": FORM, "__MACOSX/._a.xlsx": b"x", ".DS_Store": b"x"})

    assert _outcome([("dot.zip", archive)]) == [(("dot.zip", "a.xlsx"), "")]


@pytest.mark.parametrize(
    ("member", "problem"),
    [
        ("../../etc/passwd.xlsx", UNSAFE_PATH),
        ("/home/a.xlsx", UNSAFE_PATH),
        ("C:/a.xlsx", UNSAFE_PATH),
        ("trong.zip", NESTED),
        ("huyen/trong.7z", NESTED),
    ],
)
def test_an_unsafe_member_is_refused_by_name_and_the_others_kept(member: str, problem: str) -> None:
    archive = zip_of({"a.xlsx": FORM, member: FORM})

    assert _outcome([("dot.zip", archive)]) == [
        (("dot.zip", "a.xlsx"), ""),
        (("dot.zip", member), problem),
    ]


def test_a_member_with_a_password_is_refused() -> None:
    # zipfile writes no encrypted members: set the flag in the central directory by hand.
    data = bytearray(zip_of({"mat-khau.xlsx": FORM}, compression=zipfile.ZIP_STORED))
    data[data.index(b"PK\x01\x02") + 8] |= 0x1

    assert _outcome([("dot.zip", bytes(data))]) == [(("dot.zip", "mat-khau.xlsx"), ENCRYPTED)]


def test_a_zip_bomb_is_refused_whole_before_anything_is_inflated() -> None:
    archive = zip_of({"a.xlsx": FORM, "bom.xlsx": bytes(4 * 1024 * 1024)})

    [(path, problem)] = _outcome([("dot.zip", archive)])

    assert path == ("dot.zip",)
    assert problem.startswith(SUSPICIOUS_RATIO.split("{ratio}")[0].format(member="bom.xlsx"))


def test_too_many_files_in_a_zip_are_refused_whole() -> None:
    archive = zip_of({f"{index}.xlsx": b"" for index in range(MAX_BATCH_FILES + 1)})

    assert _outcome([("dot.zip", archive)]) == [
        (("dot.zip",), TOO_MANY_FILES.format(count=MAX_BATCH_FILES + 1, limit=MAX_BATCH_FILES))
    ]


def test_the_batch_stops_taking_files_once_its_total_size_is_spent() -> None:
    chunk = b"x" * (MAX_BATCH_BYTES // 2 + 1)

    problems = [problem for _, problem in _outcome([("a.xlsx", chunk), ("b.xlsx", chunk)])]

    assert problems == ["", BATCH_TOO_LARGE.format(limit="60,0")]


@pytest.mark.parametrize(
    ("data", "problem"), [(b"not a zip at all", NOT_ZIP), (zip_of({"thu-muc/": b""}), EMPTY_ZIP)]
)
def test_a_broken_or_empty_zip_is_refused(data: bytes, problem: str) -> None:
    assert _outcome([("dot.zip", data)]) == [(("dot.zip",), problem)]


def test_a_vietnamese_name_zipped_without_the_utf8_flag_is_read_as_utf8() -> None:
    # As Windows' zip writes it: UTF-8 bytes, no UTF-8 flag (zipfile would set the flag).
    name = "Đắk Mil.xlsx".encode()
    placeholder = b"x" * len(name)
    data = zip_of({placeholder.decode(): FORM}).replace(placeholder, name)

    assert _outcome([("dot.zip", data)]) == [(("dot.zip", "Đắk Mil.xlsx"), "")]

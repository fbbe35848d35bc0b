"""Evidence names in Vietnamese of any length: cut to what a file system stores (255 bytes,
not characters: «ế» is 3 bytes), between characters, the extension kept, and stored."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from chiso.campaigns.models import Evidence
from chiso.campaigns.storage import evidence_storage
from chiso.campaigns.uploads import sanitize_name
from chiso.filenames import MAX_NAME, MAX_STORED_BYTES, cut_to_bytes
from tests.hostile.corpus import pdf

# Every Vietnamese letter with its tones, both cases, as NFC and as NFD (macOS sends NFD).
_BASE = "aăâeêioôơuưy"
_TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
LETTERS = sorted(
    {
        unicodedata.normalize("NFC", base + tone)
        for letter in _BASE
        for base in (letter, letter.upper())
        for tone in _TONES
    }
    | set("đĐbcghklmnpqrstvx")
)
_ALPHABET = st.sampled_from([*LETTERS, " ", "-", "_", "0", "9"])
# Short names and long ones (hypothesis alone seldom draws past a few dozen characters).
WORDS = st.one_of(
    st.text(alphabet=_ALPHABET, max_size=40), st.text(alphabet=_ALPHABET, min_size=80, max_size=400)
)
EXTENSIONS = st.sampled_from([".pdf", ".docx", ".xlsx", ".png", ".jpeg", ".doc", ""])
FORMS = st.sampled_from(["NFC", "NFD"])
assert all(len(letter) == 1 for letter in LETTERS)
SLOW_MACHINE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW_MACHINE
@given(stem=WORDS, ext=EXTENSIONS, form=FORMS)
def test_a_stored_name_fits_the_file_system_and_keeps_its_extension(
    stem: str, ext: str, form: str
) -> None:
    assume(any(ch.isalnum() for ch in stem))  # ".pdf" alone is no name (refused elsewhere)
    name = unicodedata.normalize(form, stem + ext)

    safe = sanitize_name(name)

    assert len(safe.encode()) <= MAX_STORED_BYTES < 255 - len("_abc1234")
    assert safe == unicodedata.normalize("NFC", safe)  # no tone mark cut off its letter
    assert safe.endswith(ext)
    assert safe.strip(" .") == safe and safe


@SLOW_MACHINE
@given(
    name=st.one_of(st.text(max_size=30), st.text(min_size=100, max_size=600)),
    limit=st.integers(min_value=20, max_value=255),
)
def test_cutting_keeps_whole_characters_and_the_start(name: str, limit: int) -> None:
    cut = cut_to_bytes(name, limit)

    assert len(cut.encode()) <= limit
    stem = name.rpartition(".")[0] if "." in name[1:] else name
    assert stem.startswith(cut.rpartition(".")[0] if "." in cut[1:] else cut.rstrip(" ."))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(stem=WORDS, ext=st.sampled_from([".pdf", ".docx"]))
def test_a_long_vietnamese_name_is_stored_even_when_taken(stem: str, ext: str) -> None:
    storage = evidence_storage()
    name = f"evidence/1/2/202612/{sanitize_name(stem + ext)}"

    first = storage.save(name, ContentFile(b"%PDF-1.4"))
    second = storage.save(name, ContentFile(b"%PDF-1.4"))

    assert first != second
    assert storage.exists(first) and storage.exists(second)
    storage.delete(first)
    storage.delete(second)


@pytest.mark.parametrize("letters", [85, 86, 119, 120, MAX_NAME - 4])
def test_evidence_with_a_long_vietnamese_name_is_taken(
    letters: int, form_a: Any, cast: dict[str, Any], settings: Any
) -> None:
    # Letters of 3 bytes each, as in «Kế hoạch ứng dụng…»: 86 of them pass 255 bytes.
    name = ("Kế_hoạch_ứng_dụng_" + "ếựữầẩ" * 60)[:letters] + ".pdf"
    client = Client()
    client.force_login(cast["reporter_a"])

    for _ in range(2):  # the second upload gets a name of its own
        response = client.post(
            f"/forms/{form_a.pk}/evidence/KQ.HD.1/", {"file": ContentFile(pdf(), name=name)}
        )
        assert response.status_code == 302

    stored = list(Evidence.objects.all())
    assert len(stored) == 2
    assert all(Path(settings.EVIDENCE_ROOT, e.file.name).is_file() for e in stored)
    assert all(e.name.startswith("Kế_hoạch_ứng_dụng") and e.name.endswith(".pdf") for e in stored)

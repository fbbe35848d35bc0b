"""A campaign's frozen framework is cached by its hash once its texts were found to have it; the
texts are then not read again; texts without their hash are loaded as they are (issue 18)."""

from __future__ import annotations

from chiso.campaigns.frozen import frozen_framework, shipped_sources, sources_hash


def _never() -> dict[str, str]:
    raise AssertionError("the texts were read again")


def test_the_texts_are_read_once_per_hash() -> None:
    sources = shipped_sources("vn-2392-xa")
    sha = sources_hash("vn-2392-xa", sources)
    first = frozen_framework("vn-2392-xa", sha, lambda: sources)
    assert frozen_framework("vn-2392-xa", sha, _never) is first


def test_texts_edited_under_an_unchanged_hash_are_loaded_as_they_are() -> None:
    sources = shipped_sources("vn-2392-huyen")
    edited = {name: text + "\n# edited\n" for name, text in sources.items()}
    wrong = "0" * 64  # not these texts' hash: never cached under it
    assert frozen_framework("vn-2392-huyen", wrong, edited).code == "vn-2392-huyen"
    calls = []

    def counted() -> dict[str, str]:
        calls.append(1)
        return edited

    frozen_framework("vn-2392-huyen", wrong, counted)
    assert calls == [1]

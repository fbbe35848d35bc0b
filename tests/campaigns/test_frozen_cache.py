"""A campaign's frozen framework is cached by its hash once its texts were found to have it; the
texts are then not read again; texts without their hash are loaded as they are (issue 18)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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


def test_shipped_sources_follow_extends_and_see_a_file_changed_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file's code and parent are decoded once per version of the file (its size and
    modification time): a file replaced on disk is read again, never answered from memory."""
    import chiso.campaigns.frozen as frozen

    monkeypatch.setattr(frozen, "SHIPPED_DIR", tmp_path)
    (tmp_path / "a-base.yaml").write_text("code: base\nname: Gốc\n", encoding="utf-8")
    (tmp_path / "b-child.yaml").write_text("code: child\nextends: base\n", encoding="utf-8")
    (tmp_path / "c-notes.yaml").write_text("- not a framework\n", encoding="utf-8")
    assert frozen.shipped_sources("child") == {
        "b-child.yaml": "code: child\nextends: base\n",
        "a-base.yaml": "code: base\nname: Gốc\n",
    }
    assert frozen.shipped_sources("base") == {"a-base.yaml": "code: base\nname: Gốc\n"}

    child = tmp_path / "b-child.yaml"
    child.write_text("code: child\n# no parent any more\n", encoding="utf-8")
    os.utime(child, ns=(1, 1))  # a different version even within one clock tick
    assert frozen.shipped_sources("child") == {
        "b-child.yaml": "code: child\n# no parent any more\n"
    }
    with pytest.raises(KeyError):
        frozen.shipped_sources("nobody")

"""A gunicorn worker sets WeasyPrint up before its first request (``gunicorn.conf.py``'s
``post_worker_init`` → ``unit_report.warm_up``), so a citizen's first unit PDF does not pay it;
a failure to warm is logged and the worker serves anyway. Wiring and behaviour only: how long
it saves is measured by ``python -m chiso.bench results`` (docs/performance.md)."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

import pypdf
import pytest
import weasyprint  # type: ignore[import-untyped]
from gunicorn.app.base import Application

from chiso.publish import unit_report

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


class _Configured(Application):  # type: ignore[misc]
    """gunicorn's settings as ``gunicorn -c gunicorn.conf.py`` reads them (no server)."""

    def load_config(self) -> None:
        self.load_config_from_file(str(CONFIG))

    def load(self) -> None:
        raise AssertionError("not served")


def _hook() -> Any:
    return _Configured().cfg.post_worker_init


def test_gunicorn_calls_the_warm_up_when_a_worker_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[bool] = []
    monkeypatch.setattr(unit_report, "warm_up_quietly", lambda: called.append(True))
    _hook()(object())
    assert called == [True]


@pytest.mark.parametrize("off", ["0", "false", "no", "off"])
def test_a_server_told_to_leave_the_warm_up_out_starts_its_workers_without_it(
    monkeypatch: pytest.MonkeyPatch, off: str
) -> None:
    called: list[bool] = []
    monkeypatch.setattr(unit_report, "warm_up_quietly", lambda: called.append(True))
    monkeypatch.setenv("CHISO_PDF_WARM_UP", off)
    _hook()(object())
    assert called == []
    monkeypatch.setenv("CHISO_PDF_WARM_UP", "yes")
    _hook()(object())
    assert called == [True]


def test_a_warm_up_setting_that_is_not_a_boolean_stops_the_server_starting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CHISO_PDF_WARM_UP", "có")
    with pytest.raises(SystemExit) as stopped:  # gunicorn's own exit on a broken config file
        _hook()
    assert stopped.value.code == 1
    assert "CHISO_PDF_WARM_UP='có' is not a boolean" in capsys.readouterr().err


def test_the_warm_up_prints_a_one_page_pdf_with_the_reports_fonts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    printed: list[bytes] = []
    write_pdf = weasyprint.HTML.write_pdf

    def keep(self: Any, *args: Any, **kwargs: Any) -> Any:
        data = write_pdf(self, *args, **kwargs)
        printed.append(data)
        return data

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", keep)
    assert unit_report.warm_up() > 0
    (data,) = printed
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert "Báo cáo kết quả đánh giá" in reader.pages[0].extract_text()
    # The report's own faces (DejaVu under its @font-face name), regular and bold, embedded.
    fonts = {str(f.get("/BaseFont", "")).split("+")[-1] for f in _fonts(reader)}
    assert fonts == {"ChisoVN", "ChisoVN-Bold"}


def _fonts(reader: pypdf.PdfReader) -> list[Any]:
    resources = reader.pages[0]["/Resources"]
    return [font.get_object() for font in resources["/Font"].values()]


def test_a_failed_warm_up_is_logged_and_the_worker_starts(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("no fonts here")

    monkeypatch.setattr(weasyprint, "HTML", broken)
    with caplog.at_level(logging.ERROR, logger="chiso.publish.unit_report"):
        _hook()(object())  # does not raise
    assert unit_report.warm_up_quietly() is None
    failed = [r for r in caplog.records if r.name == "chiso.publish.unit_report"]
    assert failed and "no fonts here" in (failed[0].exc_text or "")

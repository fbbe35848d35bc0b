"""The PDF script check as properties: any spelling of /JavaScript, /JS or /Launch (each letter
escaped as #xx or not) is found, also inside a compressed object stream; bytes of a page,
image or font stream are never read as names, so a photo's random bytes cause no refusal."""

from __future__ import annotations

import zlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso.campaigns.evidence_content import pdf_has_script
from tests.hostile.corpus import pdf_from

SLOW_MACHINE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
PAGES = [
    b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
]


@st.composite
def spelled(draw: st.DrawFn, name: bytes) -> bytes:
    """``name`` with any of its letters written as #xx (PDF 32000-1 7.3.5)."""
    letters = [b"#%02X" % letter if draw(st.booleans()) else bytes([letter]) for letter in name[1:]]
    return b"/" + b"".join(letters)


SCRIPT_NAMES = st.one_of(
    spelled(b"/JavaScript").map(lambda n: b"/S " + n + b" /JS (app.alert\\(1\\))"),
    spelled(b"/JS").map(lambda n: b"/S /JavaScript " + n + b" (x)"),
    spelled(b"/Launch").map(lambda n: b"/S " + n + b" /F (cmd.exe)"),
)


@SLOW_MACHINE
@given(action=SCRIPT_NAMES, packed=st.booleans())
def test_a_script_is_found_however_its_name_is_spelled(action: bytes, packed: bool) -> None:
    body = b"<< /Type /Action " + action + b" >>"
    if packed:
        stream = zlib.compress(b"4 0 " + body)
        body = (
            b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n"
            % len(stream)
            + stream
            + b"\nendstream"
        )
    assert pdf_has_script(pdf_from([*PAGES, body]))


@SLOW_MACHINE
@given(content=st.binary(min_size=0, max_size=4096), deflate=st.booleans())
def test_the_bytes_of_an_image_stream_are_not_names(content: bytes, deflate: bool) -> None:
    data = b"/JS /JavaScript /Launch " + content  # as a photo's bytes may happen to spell
    stream = zlib.compress(data) if deflate else data
    image = (
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /Length %d >>\nstream\n"
        % len(stream)
        + stream
        + b"\nendstream"
    )
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    assert not pdf_has_script(pdf_from([catalog, *PAGES[1:], image]))

"""What one simulated commune officer types: the fields of every criterion, and a small PDF.

Plain Python. The values are seeded by the unit's code, valid for the framework, and submittable:
criteria whose "yes" needs evidence are answered "no", except the one that gets the PDF.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from typing import Any

# A note typed by an officer: Vietnamese, quotes, and markup that must stay text.
NOTE = 'Số liệu của {unit} theo báo cáo "quý IV" <b>đã rà soát</b> & đối chiếu'


@dataclass(frozen=True, slots=True)
class Entry:
    """One criterion as the browser posts it and as the database should then hold it."""

    code: str
    fields: dict[str, str]  # the POST fields (form.js sends every field of the fieldset)
    value: Any  # the raw answer stored (Answer.value)
    note: str


@dataclass(frozen=True, slots=True)
class Evidence:
    criterion: str
    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def evidence_criterion(criteria: list[dict[str, Any]]) -> str:
    """The criterion that gets the PDF: the first needing evidence that has no "no" answer."""
    for criterion in criteria:
        if criterion["evidence_required"] and criterion["kind"] not in ("boolean", "document"):
            return str(criterion["code"])
    return next(str(c["code"]) for c in criteria if c["evidence_required"])


def entries(criteria: list[dict[str, Any]], *, unit: str, year: int) -> list[Entry]:
    """Every input criterion's answer for ``unit``; the same unit always gives the same answers."""
    rng = random.Random(f"chiso-loadtest-{unit}")  # noqa: S311 - synthetic answers, not secrets
    with_file = evidence_criterion(criteria)
    found = []
    for criterion in criteria:
        code, kind = str(criterion["code"]), str(criterion["kind"])
        must_be_no = criterion["evidence_required"] and code != with_file
        fields, value = _answer(kind, criterion, rng, year=year, no=must_be_no)
        note = NOTE.format(unit=unit) if rng.random() < 0.3 else ""
        found.append(Entry(code, {**fields, "note": note}, value, note))
    return found


def _answer(
    kind: str, criterion: dict[str, Any], rng: random.Random, *, year: int, no: bool
) -> tuple[dict[str, str], Any]:
    if kind == "ratio":
        denominator = rng.randint(5, 400)
        numerator = rng.randint(denominator // 2, denominator)
        return {"numerator": str(numerator), "denominator": str(denominator)}, [
            str(numerator),
            str(denominator),
        ]
    if kind == "boolean":
        answer = False if no else rng.random() < 0.8
        return {"value": "true" if answer else "false"}, answer
    if kind == "document":
        if no or rng.random() < 0.5:
            return {"has_document": "no"}, False
        document = {
            "number": f"{rng.randint(1, 300)}/KH-UBND",
            "date": f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            "issuer": "Ủy ban nhân dân xã",
            "summary": "Kế hoạch chuyển đổi số",
        }
        return {"has_document": "yes", **document}, document
    if kind == "choice":
        option = rng.choice(criterion["options"])
        return {"value": option}, option
    if kind == "date":
        day = f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        return {"value": day}, day
    top = criterion.get("maximum")
    if kind == "percentage":
        text = str(rng.randint(0, 100))
    elif kind == "count":
        text = str(rng.randint(1, top or 30))
    else:  # number
        text = str(rng.randint(0, top or 300))
    return {"value": text}, text


def pdf(unit: str, size: int = 24 * 1024) -> bytes:
    """A small valid one-page PDF, unique to the unit (random filler in a comment)."""
    rng = random.Random(f"chiso-loadtest-pdf-{unit}")  # noqa: S311 - filler bytes
    text = f"BT /F1 12 Tf 72 720 Td (Minh chung xa {unit}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    filler = rng.randbytes(max(0, size - len(out) - 300) // 2).hex().encode()
    out += b"%" + filler + b"\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def evidence(criteria: list[dict[str, Any]], *, unit: str) -> Evidence:
    return Evidence(evidence_criterion(criteria), f"bao-cao-{unit}.pdf", pdf(unit))

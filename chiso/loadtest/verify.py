"""After the run: is everything the clients had accepted in the database and the storage?

Counts and checksums on both sides: the answers (value and note per criterion), the evidence
rows and the stored files' SHA-256, and the submitted status of every form.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from chiso.campaigns.models import Answer, Evidence, Form, FormStatus
from chiso.loadtest.client import Sent


def _digest(rows: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(rows, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class Verification:
    forms: int = 0
    answers_sent: int = 0
    answers_stored: int = 0
    answers_checksum_sent: str = ""
    answers_checksum_stored: str = ""
    files_sent: int = 0
    files_stored: int = 0  # rows whose file in the storage has the client's SHA-256
    submitted_sent: int = 0
    submitted_stored: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(sent: list[Sent]) -> Verification:
    result = Verification(forms=len(sent))
    by_form = {s.form: s for s in sent}
    expected = {
        f"{s.form}:{code}": [a["value"], a["note"]] for s in sent for code, a in s.answers.items()
    }
    stored = {
        f"{a.form_id}:{a.criterion}": [a.value, a.note]
        for a in Answer.objects.filter(form_id__in=by_form)
    }
    result.answers_sent, result.answers_stored = len(expected), len(stored)
    result.answers_checksum_sent = _digest(expected)
    result.answers_checksum_stored = _digest(stored)
    for key in sorted(set(expected) | set(stored)):
        if expected.get(key) != stored.get(key):
            result.problems.append(
                f"câu trả lời {key}: gửi {expected.get(key)!r}, có {stored.get(key)!r}"
            )
    files = {s.form: s.evidence for s in sent if s.evidence}
    result.files_sent = len(files)
    for row in Evidence.objects.filter(form_id__in=by_form, removed=False):
        wanted = files.get(row.form_id)
        if wanted is None or (row.criterion, row.sha256) != (wanted["criterion"], wanted["sha256"]):
            result.problems.append(
                f"minh chứng {row.pk} của phiếu {row.form_id} không do máy khách gửi"
            )
            continue
        with row.file.open("rb") as handle:
            content = handle.read()
        if (
            hashlib.sha256(content).hexdigest() != wanted["sha256"]
            or len(content) != wanted["size"]
        ):
            result.problems.append(f"tệp minh chứng {row.file.name}: nội dung khác tệp đã gửi")
            continue
        result.files_stored += 1
    if result.files_stored != result.files_sent:
        result.problems.append(f"tệp: gửi {result.files_sent}, lưu đúng {result.files_stored}")
    result.submitted_sent = sum(s.submitted for s in sent)
    result.submitted_stored = Form.objects.filter(
        pk__in=[s.form for s in sent if s.submitted], status=FormStatus.SUBMITTED
    ).count()
    if result.submitted_stored != result.submitted_sent:
        result.problems.append(
            f"phiếu đã nộp: gửi {result.submitted_sent}, có {result.submitted_stored}"
        )
    return result

"""What of an uploaded form may replace what is saved, when the form changed after the download.

The file records, per criterion, the fingerprint of the value and the note it was pre-filled
with (its base). For each criterion and each of the two fields:
- the file says what is saved: nothing to do;
- the form has not changed since the download: the file's is taken (the file is the whole form);
- the file still holds its base: someone changed the saved one since; it is kept;
- the saved one still is the base: the person changed it in the file; the file's is taken;
- both changed, differently: a conflict, and the caller refuses the whole upload.
A file without a base (made before chiso recorded one) may only fill what is empty: anything
saved that it would change is a conflict, since nobody can tell which is newer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum

from chiso.excel.form_cells import canonical
from chiso.excel.form_layout import NO, YES, choice_labels, fingerprint, input_spec
from chiso.excel.form_upload import FormUpload
from chiso.scoring.answers import declaration, parse_value
from chiso.scoring.model import Criterion, DocumentRef, InputKind
from chiso.scoring.rules import describe_value

EMPTY_TEXT = "(trống)"
NO_DOCUMENT = "chưa có văn bản"
DOCUMENT_TEXT = "văn bản {number} ngày {date} của {issuer}"


class Field(StrEnum):
    VALUE = "giá trị"
    NOTE = "ghi chú"


@dataclass(frozen=True, slots=True)
class Saved:
    """A criterion's answer in its JSON form (None: unanswered) and its note."""

    value: object
    note: str


NOTHING = Saved(None, "")


@dataclass(frozen=True, slots=True)
class Conflict:
    criterion: str
    row: int
    field: Field
    saved: object  # what is saved now
    theirs: object  # what the file says


@dataclass(frozen=True, slots=True)
class Merge:
    """``answers``: the criteria the upload changes, with their new value and note; ``kept``:
    the fields saved after the download that the file, still holding its base, leaves alone."""

    answers: dict[str, Saved]
    kept: tuple[tuple[str, Field], ...]
    conflicts: tuple[Conflict, ...]


def saved_answer(criterion: Criterion, raw: object, note: str) -> Saved:
    """What the database holds, in the JSON form the reader gives (the web may store
    ``["40", "50"]`` where a file reads ``[40, 50]``)."""
    if raw is None:
        return Saved(None, note.strip())
    try:
        return Saved(canonical(parse_value(criterion, raw)), note.strip())
    except ValueError:
        return Saved(raw, note.strip())


def merge_upload(upload: FormUpload, saved: Mapping[str, Saved], *, form_version: int) -> Merge:
    """The three-way merge above; ``form_version`` is the form's version now (equal to the
    file's: nothing changed since the download)."""
    unchanged = upload.meta.form_version == form_version
    answers: dict[str, Saved] = {}
    kept: list[tuple[str, Field]] = []
    conflicts: list[Conflict] = []
    for code, row in sorted(upload.rows.items(), key=lambda item: item[1]):
        theirs = Saved(upload.answers.get(code), upload.notes.get(code, ""))
        mine = saved.get(code, NOTHING)
        base = None if upload.base is None else upload.base.get(code)
        result: dict[Field, object] = {}
        for field, their, my, printed in (
            (Field.VALUE, theirs.value, mine.value, base[0] if base else None),
            (Field.NOTE, theirs.note, mine.note, base[1] if base else None),
        ):
            outcome = _outcome(their, my, printed, unchanged=unchanged)
            if field is Field.VALUE and their is None and _declared(my):
                # The sheet has no way to write a không áp dụng declaration: its blank cell
                # says nothing about it, so the declaration stays.
                outcome = _Outcome.KEEP
            if outcome is _Outcome.CONFLICT:
                conflicts.append(Conflict(code, row, field, my, their))
            elif outcome is _Outcome.KEEP:
                kept.append((code, field))
            result[field] = their if outcome is _Outcome.TAKE else my
        new = Saved(result[Field.VALUE], str(result[Field.NOTE]))
        if new != mine:
            answers[code] = new
    return Merge(answers, tuple(kept), tuple(conflicts))


def _declared(value: object) -> bool:
    try:
        return declaration(value) is not None
    except ValueError:
        return False


class _Outcome(Enum):
    SAME = "same"
    TAKE = "take"  # the file's
    KEEP = "keep"  # the saved one, newer than the file's
    CONFLICT = "conflict"


def _outcome(theirs: object, mine: object, base: str | None, *, unchanged: bool) -> _Outcome:
    if theirs == mine:
        return _Outcome.SAME
    if unchanged:
        return _Outcome.TAKE
    if base is None:
        return _Outcome.TAKE if mine in (None, "") else _Outcome.CONFLICT
    if fingerprint(theirs) == base:
        return _Outcome.KEEP
    if fingerprint(mine) == base:
        return _Outcome.TAKE
    return _Outcome.CONFLICT


def shown(criterion: Criterion, field: Field, value: object) -> str:
    """A value or note as a person reads it in a message: "40/50", "Có", a choice's label."""
    if value is None or value == "":
        return EMPTY_TEXT
    if field is Field.NOTE:
        return str(value)
    try:
        parsed = parse_value(criterion, value)
    except ValueError:
        return str(value)
    kind = input_spec(criterion).kind
    if isinstance(parsed, DocumentRef):
        return DOCUMENT_TEXT.format(
            number=parsed.number, date=f"{parsed.date:%d/%m/%Y}", issuer=parsed.issuer
        )
    if kind is InputKind.DOCUMENT:
        return NO_DOCUMENT
    if isinstance(parsed, bool):
        return YES if parsed else NO
    if kind is InputKind.CHOICE:
        labels = {option: label for label, option in choice_labels(criterion).items()}
        return labels.get(str(parsed), str(parsed))
    return describe_value(parsed)

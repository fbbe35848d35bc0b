"""``chiso backup`` and ``chiso restore``: the database and the evidence files, together.

A backup is one .tar.gz holding ``data.xml`` (Django's ``dumpdata`` of every chiso table,
portable between SQLite and PostgreSQL, primary keys kept so every reference and the audit
chain stay as they were; XML because Django's JSON serializer cuts times to milliseconds, which
would break the audit trail's hashes), the evidence files under ``evidence/``, and
``manifest.json`` with the row count of every model, the SHA-256 of every file and the audit
trail's anchor (its number of entries and last hash, which ``chiso audit verify --backup`` checks
the trail against later). Restore refuses a database that already holds data (the chain head row
that ``migrate`` itself creates does not count), checks every file against the manifest
before writing anything, loads the data in one transaction, and then checks the counts again.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.core.management.utils import parse_apps_and_model_labels
from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.utils import timezone

FORMAT = "chiso-backup/1"
# Framework tables that are rebuilt by ``migrate`` or hold nothing worth keeping.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
]
NOT_EMPTY = "Cơ sở dữ liệu đích đã có dữ liệu ({what}): chỉ khôi phục vào một cài đặt trống."
BAD_ARCHIVE = "Tệp sao lưu không hợp lệ: {why}"


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Summary:
    rows: int
    files: int
    path: Path

    def text(self) -> str:
        return f"{self.rows} bản ghi, {self.files} tệp minh chứng: {self.path}"


def _counts() -> dict[str, int]:
    counted = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        app = model._meta.app_label
        if app in EXCLUDED or label in EXCLUDED or model._meta.proxy:
            continue
        counted[label] = model._default_manager.count()
    return counted


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _objects() -> Iterator[Any]:
    """Every row ``dumpdata --exclude EXCLUDED --natural-foreign`` writes, in its order, with
    each foreign key to a model that has a natural key (the accounts' users) read in the row's
    own query: dumpdata reads each such object by itself (10,547 queries for the demo, most of
    a backup's time)."""
    excluded_models, excluded_apps = parse_apps_and_model_labels(EXCLUDED)
    app_list = {
        config: None
        for config in apps.get_app_configs()
        if config.models_module is not None and config not in excluded_apps
    }
    for model in serializers.sort_dependencies(app_list.items(), allow_cycles=True):
        if model in excluded_models or model._meta.proxy:
            continue
        if not router.allow_migrate_model(DEFAULT_DB_ALIAS, model):
            continue
        natural = [
            field.name
            for field in model._meta.concrete_fields
            if field.remote_field is not None and hasattr(field.remote_field.model, "natural_key")
        ]
        rows = model._default_manager.order_by(model._meta.pk.name)
        if natural:  # (``select_related()`` with no field would follow every foreign key)
            rows = rows.select_related(*natural)
        yield from rows.iterator()


def dump(stream: io.StringIO) -> None:
    """The database as ``dumpdata --format xml --natural-foreign`` writes it, byte for byte."""
    serializers.serialize("xml", _objects(), use_natural_foreign_keys=True, stream=stream)


def backup(out: Path) -> Summary:
    """Write the backup to ``out`` (refuses to overwrite); a consistent read of the database."""
    if out.exists():
        raise BackupError(f"Tệp {out} đã có; chọn tên khác.")
    evidence_root = Path(settings.EVIDENCE_ROOT)
    data = io.StringIO()
    with transaction.atomic():  # one snapshot of the database (PostgreSQL: one transaction)
        dump(data)
        counts = _counts()
        audit = _audit_anchor()
    files = (
        {
            str(PurePosixPath(path.relative_to(evidence_root))): _sha256(path)
            for path in sorted(evidence_root.rglob("*"))
            if path.is_file()
        }
        if evidence_root.exists()
        else {}
    )
    manifest = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "counts": counts,
        "audit": audit,
        "files": files,
        "data_sha256": hashlib.sha256(data.getvalue().encode()).hexdigest(),
    }
    partial = out.with_name(out.name + ".partial")
    with tarfile.open(partial, "w:gz") as archive:
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
        _add_bytes(archive, "data.xml", data.getvalue().encode())
        for name in files:
            archive.add(evidence_root / name, arcname=f"evidence/{name}")
    partial.chmod(0o600)
    partial.rename(out)
    return Summary(sum(counts.values()), len(files), out)


def _member(archive: tarfile.TarFile, name: str) -> bytes:
    try:
        handle = archive.extractfile(name)
    except KeyError:
        handle = None
    if handle is None:
        raise BackupError(BAD_ARCHIVE.format(why=f"thiếu {name}"))
    return handle.read()


def _pristine_head() -> Any:
    """The chain head row ``migrate`` creates in a new installation (no entry yet), or none."""
    from chiso.audit.models import ChainHead, Entry

    if Entry.objects.exists():
        return ChainHead.objects.none()
    return ChainHead.objects.filter(seq=0, hash="")


def _not_empty() -> str:
    pristine = _pristine_head().count()
    for label, count in _counts().items():
        if label == "audit.chainhead":
            count -= pristine
        if count:
            return label
    return ""


def _audit_anchor() -> dict[str, Any]:
    from chiso.audit.models import Entry

    last = Entry.objects.order_by("-seq").values("seq", "hash").first()
    return {"entries": last["seq"] if last else 0, "last_hash": last["hash"] if last else ""}


def manifest_read(path: Path) -> dict[str, Any]:
    """The manifest of the backup at ``path`` (nothing else is read)."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest: dict[str, Any] = json.loads(_member(archive, "manifest.json"))
    except (OSError, tarfile.TarError, ValueError) as error:
        raise BackupError(BAD_ARCHIVE.format(why=error)) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(BAD_ARCHIVE.format(why=f"định dạng {manifest.get('format')!r}"))
    return manifest


@contextmanager
def _users_read_once() -> Iterator[None]:
    """Within ``loaddata``, each user is read once by its username: the deserializer reads the
    user of every row that names one by itself (10,547 queries for the demo, a quarter of a
    restore's time). The manager's copies (``db_manager``) carry the attribute along."""
    manager = get_user_model()._default_manager
    read = manager.get_by_natural_key
    found: dict[tuple[Any, ...], Any] = {}

    def get_by_natural_key(*key: Any) -> Any:
        if key not in found:
            found[key] = read(*key)
        return found[key]

    manager.get_by_natural_key = get_by_natural_key  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        del manager.get_by_natural_key


def restore(path: Path) -> Summary:
    """Load a backup into an empty installation (run ``migrate`` first)."""
    occupied = _not_empty()
    if occupied:
        raise BackupError(NOT_EMPTY.format(what=occupied))
    evidence_root = Path(settings.EVIDENCE_ROOT)
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as tmp:
        manifest: dict[str, Any] = json.loads(_member(archive, "manifest.json"))
        if manifest.get("format") != FORMAT:
            raise BackupError(BAD_ARCHIVE.format(why=f"định dạng {manifest.get('format')!r}"))
        data = _member(archive, "data.xml")
        if hashlib.sha256(data).hexdigest() != manifest["data_sha256"]:
            raise BackupError(BAD_ARCHIVE.format(why="data.xml không khớp mã băm"))
        staged = Path(tmp) / "evidence"
        for name, sha in manifest["files"].items():
            relative = PurePosixPath(name)
            if relative.is_absolute() or ".." in relative.parts:
                raise BackupError(BAD_ARCHIVE.format(why=f"đường dẫn không hợp lệ {name!r}"))
            target = staged / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_member(archive, f"evidence/{name}"))
            if _sha256(target) != sha:
                raise BackupError(BAD_ARCHIVE.format(why=f"tệp {name} không khớp mã băm"))
        fixture = Path(tmp) / "data.xml"
        fixture.write_bytes(data)
        with transaction.atomic():
            # ``migrate``'s own head row gives way to the backup's (or to none, as backed up).
            _pristine_head().delete()
            with _users_read_once():
                call_command("loaddata", str(fixture), verbosity=0)
            counts = _counts()
            wrong = {
                label: (count, counts.get(label, 0))
                for label, count in manifest["counts"].items()
                if counts.get(label, 0) != count
            }
            if wrong:
                raise BackupError(BAD_ARCHIVE.format(why=f"số bản ghi không khớp: {wrong}"))
            anchor = manifest.get("audit")
            if anchor is not None and _audit_anchor() != anchor:
                raise BackupError(
                    BAD_ARCHIVE.format(why=f"nhật ký sau khi nạp không khớp bản kê: {anchor}")
                )
            for name in manifest["files"]:
                target = evidence_root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(staged / name, target)
    return Summary(sum(counts.values()), len(manifest["files"]), path)

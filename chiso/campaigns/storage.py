"""Where evidence files live: a folder on this server, or an S3-compatible bucket.

``CHISO_EVIDENCE_STORAGE`` picks the backend in settings (``STORAGES["evidence"]``); the
``Evidence.file`` field asks ``evidence_storage()`` for it, so the choice is configuration, not
a migration. Either way the files have no public URL: only the permission-checked view in
``views.download_evidence`` serves them, reading through the storage.
"""

from __future__ import annotations

import os
from functools import cached_property

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible

EVIDENCE_ALIAS = "evidence"


@deconstructible
class EvidenceStorage(FileSystemStorage):
    """Files under settings.EVIDENCE_ROOT, with no URL: only a checked view serves them."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @cached_property
    def base_location(self) -> str:
        return str(settings.EVIDENCE_ROOT)

    @cached_property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def _clear_cached_properties(self, setting: str, **kwargs: object) -> None:
        # Every setting_changed signal arrives here; the parent ignores the ones not its own.
        super()._clear_cached_properties(setting, **kwargs)  # type: ignore[arg-type]
        if setting == "EVIDENCE_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


def evidence_storage() -> Storage:
    """The configured evidence storage (``STORAGES["evidence"]``)."""
    return storages[EVIDENCE_ALIAS]

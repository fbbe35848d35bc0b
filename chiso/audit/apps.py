from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only record of who changed what, when and why."""

    name = "chiso.audit"
    label = "audit"
    verbose_name = "Nhật ký thay đổi"

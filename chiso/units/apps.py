from django.apps import AppConfig


class UnitsConfig(AppConfig):
    """Administrative units of both eras, provincial agencies, and the 2025 lineage."""

    name = "chiso.units"
    label = "units"
    verbose_name = "Đơn vị"

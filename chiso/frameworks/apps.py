from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    """The shipped frameworks (bộ tiêu chí), shown read-only from ``chiso.scoring``."""

    name = "chiso.frameworks"
    label = "frameworks"
    verbose_name = "Bộ tiêu chí"

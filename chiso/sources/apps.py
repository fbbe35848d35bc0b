from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "chiso.sources"
    verbose_name = "Nguồn số liệu: cơ quan chuyên môn, khảo sát thực tế, đo tự động"

from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "chiso.notices"
    label = "notices"
    verbose_name = "Thông báo"

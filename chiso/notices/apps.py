from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "chiso.notices"
    label = "notices"
    verbose_name = "Thông báo"

    def ready(self) -> None:
        from chiso.campaigns.hooks import on_campaign_opened, on_forms_overdue
        from chiso.notices.services import notices_campaign_opened, notices_overdue

        # campaigns cannot import notices (docs/architecture.md, "Layers"): its services call
        # these through chiso.campaigns.hooks.
        on_campaign_opened(notices_campaign_opened)
        on_forms_overdue(notices_overdue)

from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    """Campaigns (đợt đánh giá): a province's year, its frameworks, its dates; units' forms."""

    name = "chiso.campaigns"
    label = "campaigns"
    verbose_name = "Đợt đánh giá"

    def ready(self) -> None:
        from chiso.audit.labels import register_choices
        from chiso.campaigns.models import CampaignStatus, FormStatus

        # The audit trail shows a status by its label; a form's by default, as before.
        register_choices("status", FormStatus.choices)
        register_choices("status", CampaignStatus.choices, "campaigns.campaign")

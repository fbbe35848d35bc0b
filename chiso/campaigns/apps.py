from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    """Campaigns (đợt đánh giá): a province's year, its frameworks, its dates; units' forms."""

    name = "chiso.campaigns"
    label = "campaigns"
    verbose_name = "Đợt đánh giá"

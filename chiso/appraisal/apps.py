from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    """Appraisal (thẩm định): verified values, questions and rounds, approval of the results."""

    name = "chiso.appraisal"
    label = "appraisal"
    verbose_name = "Thẩm định và phê duyệt"

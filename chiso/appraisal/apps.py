from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    """Appraisal (thẩm định): verified values, questions and rounds, approval of the results."""

    name = "chiso.appraisal"
    label = "appraisal"
    verbose_name = "Thẩm định và phê duyệt"

    def ready(self) -> None:
        from chiso.appraisal.rounds import round_discard, round_record
        from chiso.campaigns.hooks import on_form_submitted, on_form_withdrawn

        # campaigns cannot import appraisal (docs/architecture.md, "Layers"): its submission
        # and withdrawal services call these through chiso.campaigns.hooks.
        on_form_submitted(round_record)
        on_form_withdrawn(round_discard)

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People, their roles on units and provinces, and the one permission policy."""

    name = "chiso.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và vai trò"

    def ready(self) -> None:
        from chiso.accounts import checks  # noqa: F401  # registers the deployment checks
        from chiso.accounts.models import Role
        from chiso.audit.labels import register_choices

        register_choices("role", Role.choices)  # the audit trail shows a role by its label

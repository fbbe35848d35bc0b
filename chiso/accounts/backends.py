"""Django's ModelBackend, whose user of each request comes with the person's roles.

Every logged-in request reads its user (``AuthenticationMiddleware``) and nearly every one then
asks the policy, which read the person's role assignments in a query of their own. Here both
come in one statement: the user row with its assignments as a JSON column
(``policy.role_rows_sql``), which ``policy.grants_of`` reads instead of querying. Same
rows, read at the same point of the request: a role given or taken counts from the next request
on, as before (issue 18: the autosave's queries).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from chiso.accounts.policy import ROLE_ROWS, role_rows_sql

PATH = "chiso.accounts.backends.ModelBackend"


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> Any:
        users = get_user_model()._default_manager.annotate(**{ROLE_ROWS: role_rows_sql()})
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

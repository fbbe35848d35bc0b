"""chiso's settings for a gunicorn started by a test: the same in every way that matters to a
request, except that static files need no ``collectstatic`` run (20 s) first, and the secret
key is the test process's (``CHISO_TEST_SECRET_KEY``), so that sessions the test makes with
``Client.force_login`` are valid on the server too."""

import os

from chiso.settings import *  # noqa: F403
from chiso.settings import SECRET_KEY, STORAGES

SECRET_KEY = os.environ.get("CHISO_TEST_SECRET_KEY", SECRET_KEY)
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

"""chiso's settings for a gunicorn started by a test: the same in every way that matters to a
request, except that static files need no ``collectstatic`` run (20 s) first."""

from chiso.settings import *  # noqa: F403
from chiso.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

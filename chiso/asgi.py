"""ASGI entry point (unused for now; the app is synchronous and served by gunicorn)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.settings")

application = get_asgi_application()

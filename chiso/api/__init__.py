"""chiso's REST API, ``/api/v1/`` (django-ninja): the web's services and permission policy,
reached by programs. ``api.py`` assembles it; one router module per area."""

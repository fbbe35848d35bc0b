from tests.gunicorn_server import gunicorn  # noqa: F401 - the fixture, for test_stateless.py

"""The SMTP server fixture (tests/notices/smtp.py)."""

from tests.notices.smtp import smtp_server  # noqa: F401 - a fixture for the tests here

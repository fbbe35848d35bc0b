"""How chiso stores passwords: Argon2id with OWASP's parameters instead of Django's.

Django's defaults (100 MiB, 2 passes, 8 lanes) cost ~200 ms of CPU per login and, with 8 lanes,
take every core of a small server for that time: on the deadline day a wave of logins stalls
every autosave behind it (docs/loadtest.md). OWASP's Password Storage Cheat Sheet lists
"m=19456 (19 MiB), t=2, p=1" as the first of its equivalent minimum Argon2id configurations;
with django-axes locking an account after repeated failures, online guessing is bounded anyway,
and this keeps an offline guess memory-hard.

The algorithm name stays ``argon2``: hashes made with Django's parameters still verify, and
``must_update`` re-hashes them with these on the user's next successful login.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class ChisoArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

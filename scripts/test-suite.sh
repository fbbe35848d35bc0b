#!/usr/bin/env bash
# The whole suite (`make test` runs this after lint and types; docs/testing.md).
#
# Without DATABASE_URL: once, on the embedded SQLite database.
# With DATABASE_URL: the SQLite pass on TEST_WORKERS processes, then the pass on that database on
# TEST_SERVER_WORKERS (3 by default: its browser journeys and gunicorn tests wait on Chromium,
# timers and servers much of their time, and a third process fills those waits; 608 -> 566 s on
# two cores, docs/testing.md). The second pass runs only the tests that use the database
# (CHISO_TEST_DATABASE_ONLY=1): a test that uses none has the same outcome on any database, and
# the SQLite pass has run it. The browser journeys run once, in the pass on DATABASE_URL: on
# SQLite in memory the live server shares the test's one connection between its threads, which
# is not how an installation runs SQLite (the embedded database's concurrency has tests of its
# own, tests/ops/test_sqlite_concurrency.py); without DATABASE_URL they run on SQLite. Both
# passes must pass. (Running the two passes side by side was measured and was no faster: the
# suite is bound by the two cores, docs/testing.md.)
set -uo pipefail
cd "$(dirname "$0")/.."
# Bytecode is written and read again even where the environment turns it off (some CI images
# set PYTHONDONTWRITEBYTECODE=1): otherwise every worker of each pass compiles chiso and
# rewrites every test module's assertions again (collection 10 s instead of 5.5 s a worker),
# and so does each process a test starts (gunicorn, the CLI). __pycache__ is git-ignored.
unset PYTHONDONTWRITEBYTECODE

pytest=(.venv/bin/pytest --dist worksteal --durations=30 "$@")

if [ -z "${DATABASE_URL:-}" ]; then
    exec "${pytest[@]}" -n "${TEST_WORKERS:-2}"
fi

echo "== SQLite pass: every test but the browser journeys"
# CHISO_TEST_DB_NAME names the server's test database; the SQLite pass keeps its own in memory.
env -u DATABASE_URL -u CHISO_TEST_DB_NAME "${pytest[@]}" -n "${TEST_WORKERS:-2}" -m "not browser"
sqlite_rc=$?
echo
echo "== pass on DATABASE_URL: the tests that use the database, browser journeys included"
CHISO_TEST_DATABASE_ONLY=1 "${pytest[@]}" -n "${TEST_SERVER_WORKERS:-3}"
server_rc=$?
echo
echo "== exit status: SQLite pass ${sqlite_rc}, pass on DATABASE_URL ${server_rc}"
[ "$sqlite_rc" -eq 0 ] && [ "$server_rc" -eq 0 ]

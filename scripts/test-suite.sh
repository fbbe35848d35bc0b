#!/usr/bin/env bash
# The whole suite (`make test` runs this after lint and types; docs/testing.md).
#
# Without DATABASE_URL: once, on the embedded SQLite database.
# With DATABASE_URL: the SQLite pass and the pass on that database run at the same time, each on
# TEST_WORKERS processes: much of a pass is waiting (browsers, servers, subprocesses), so two
# passes side by side keep both cores busy where one after the other left them idle. The second
# pass runs only the tests that use the database (CHISO_TEST_DATABASE_ONLY=1): a test that uses
# none has the same outcome on any database, and the SQLite pass runs it. Both must pass.
set -uo pipefail
cd "$(dirname "$0")/.."

pytest=(.venv/bin/pytest -n "${TEST_WORKERS:-2}" --dist worksteal --durations=30 "$@")

if [ -z "${DATABASE_URL:-}" ]; then
    exec "${pytest[@]}"
fi

log="$(mktemp -t chiso-test-sqlite.XXXXXX)"
trap 'rm -f "$log"' EXIT
# CHISO_TEST_DB_NAME names the server's test database; the SQLite pass keeps its own in memory.
env -u DATABASE_URL -u CHISO_TEST_DB_NAME "${pytest[@]}" >"$log" 2>&1 &
sqlite_pid=$!
echo "== the SQLite pass runs beside this one; its output follows this pass's"
echo "== pass on DATABASE_URL: the tests that use the database"
CHISO_TEST_DATABASE_ONLY=1 "${pytest[@]}"
server_rc=$?
wait "$sqlite_pid"
sqlite_rc=$?
echo
echo "== SQLite pass (all tests)"
cat "$log"
echo
echo "== exit status: SQLite pass ${sqlite_rc}, pass on DATABASE_URL ${server_rc}"
[ "$sqlite_rc" -eq 0 ] && [ "$server_rc" -eq 0 ]

"""The deadline day, scaled down: the code of ``make loadtest`` with 30 communes of Lai Châu at
once against gunicorn on PostgreSQL. Nothing may fail and nothing may be lost."""

from __future__ import annotations

from pathlib import Path

from chiso.loadtest.prepare import prepare
from chiso.loadtest.run import serve_and_run
from chiso.loadtest.verify import verify
from tests.gunicorn_server import gunicorn_env, needs_postgres, test_database_url

pytestmark = needs_postgres

USERS = 30


def test_thirty_communes_fill_and_submit_at_once_and_everything_sent_is_stored(
    transactional_db: None, tmp_path: Path
) -> None:
    plan = prepare(provinces=["12"], users=USERS)
    from django.db import connections

    connections.close_all()

    hits, sent, _ = serve_and_run(
        env=gunicorn_env(tmp_path),
        plan=plan,
        database_url=test_database_url(),
        workers=2,
        threads=4,
        concurrency=USERS,
        think=0.05,
        log=tmp_path / "gunicorn.log",
        ramp=1.0,
    )
    checked = verify(sent)

    assert [h for h in hits if h.error] == []
    assert [s.errors for s in sent if s.errors] == []
    assert checked.problems == []
    answers = len(plan["criteria"]) * USERS
    assert (checked.answers_sent, checked.answers_stored) == (answers, answers)
    assert checked.answers_checksum_sent == checked.answers_checksum_stored
    assert (checked.files_sent, checked.files_stored) == (USERS, USERS)
    assert (checked.submitted_sent, checked.submitted_stored) == (USERS, USERS)

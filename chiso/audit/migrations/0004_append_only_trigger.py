"""On PostgreSQL, the database itself refuses UPDATE and DELETE of an audit entry.

A mistake in code (a raw query, a cascade) cannot change the trail either. TRUNCATE, which the
test runner's flush uses, does not fire row triggers. Nothing to do on SQLite: the application
refuses there (``Entry.save``/``delete``, ``EntryQuerySet``) and ``chiso audit verify`` checks.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Nhật ký thay đổi chỉ được ghi thêm: % mục số % bị từ chối', TG_OP, OLD.seq
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry;
DROP FUNCTION IF EXISTS audit_entry_append_only();
"""


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_seq_required")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]

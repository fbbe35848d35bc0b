"""The audit trail's anchor on every published snapshot: entries and last hash at publication.

Snapshots published before are given the position and hash of their own publication entry
(``results.publish``/``results.correct`` carrying the snapshot's checksum), when it exists.
"""

from django.db import migrations, models


def backfill(apps, schema_editor):
    Snapshot = apps.get_model("results", "Snapshot")
    Entry = apps.get_model("audit", "Entry")
    for snapshot in Snapshot.objects.filter(audit_entries__isnull=True):
        entries = Entry.objects.filter(
            action__in=["results.publish", "results.correct"],
            object_id=str(snapshot.campaign_id),
        ).order_by("seq")
        for entry in entries:
            if (entry.changes or {}).get("sha256") == snapshot.sha256:
                Snapshot.objects.filter(pk=snapshot.pk).update(
                    audit_entries=entry.seq, audit_last_hash=entry.hash
                )
                break


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0001_initial"),
        ("audit", "0004_append_only_trigger"),
    ]

    operations = [
        migrations.AddField(
            model_name="snapshot",
            name="audit_entries",
            field=models.PositiveBigIntegerField(
                blank=True, null=True, verbose_name="số mục nhật ký lúc công bố"
            ),
        ),
        migrations.AddField(
            model_name="snapshot",
            name="audit_last_hash",
            field=models.CharField(
                blank=True, max_length=64, verbose_name="mã băm mục nhật ký cuối lúc công bố"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]

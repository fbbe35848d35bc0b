"""The hash chain: criterion, position and hashes on every entry, the chain head, the backfill.

Existing entries are chained in the order they were written (time, then id).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):
    from chiso.audit.chain import HASHED_FIELDS, entry_hash

    Entry = apps.get_model("audit", "Entry")
    ChainHead = apps.get_model("audit", "ChainHead")
    previous = ""
    entries = list(Entry.objects.order_by("at", "id"))
    for seq, entry in enumerate(entries, start=1):
        entry.seq, entry.prev_hash = seq, previous
        entry.hash = entry_hash({name: getattr(entry, name) for name in HASHED_FIELDS})
        previous = entry.hash
    Entry.objects.bulk_update(entries, ["seq", "prev_hash", "hash"], batch_size=1000)
    ChainHead.objects.create(pk=1, seq=len(entries), hash=previous)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ChainHead",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("seq", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(blank=True, max_length=64)),
            ],
            options={"verbose_name": "đầu chuỗi nhật ký"},
        ),
        migrations.AlterField(
            model_name="entry",
            name="at",
            field=models.DateTimeField(db_index=True, verbose_name="thời điểm"),
        ),
        migrations.AlterField(
            model_name="entry",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người thực hiện",
            ),
        ),
        migrations.AddField(
            model_name="entry",
            name="criterion",
            field=models.CharField(
                blank=True, db_index=True, max_length=40, verbose_name="tiêu chí"
            ),
        ),
        migrations.AddField(
            model_name="entry",
            name="seq",
            field=models.PositiveBigIntegerField(null=True, verbose_name="số thứ tự"),
        ),
        migrations.AddField(
            model_name="entry",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64, verbose_name="mã băm mục trước"),
        ),
        migrations.AddField(
            model_name="entry",
            name="hash",
            field=models.CharField(default="", max_length=64, verbose_name="mã băm"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="entry",
            name="unit_code",
            field=models.CharField(blank=True, db_index=True, max_length=20),
        ),
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(fields=["object_type", "object_id"], name="audit_entry_object"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]

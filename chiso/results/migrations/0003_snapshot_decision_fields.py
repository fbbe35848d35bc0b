from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0002_backup_sqlite_audit_anchor"),
    ]

    operations = [
        migrations.AddField(
            model_name="snapshot",
            name="decision_number",
            field=models.CharField(blank=True, max_length=100, verbose_name="số quyết định"),
        ),
        migrations.AddField(
            model_name="snapshot",
            name="decision_date",
            field=models.DateField(blank=True, null=True, verbose_name="ngày quyết định"),
        ),
        migrations.AddField(
            model_name="snapshot",
            name="decision_signer",
            field=models.CharField(blank=True, max_length=200, verbose_name="người ký"),
        ),
    ]

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_hash_chain")]

    operations = [
        migrations.AlterField(
            model_name="entry",
            name="seq",
            field=models.PositiveBigIntegerField(unique=True, verbose_name="số thứ tự"),
        ),
        migrations.AlterModelOptions(
            name="entry",
            options={
                "ordering": ["-seq"],
                "verbose_name": "mục nhật ký",
                "verbose_name_plural": "nhật ký thay đổi",
            },
        ),
    ]

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("orgs", "0004_unit_name_trigram")]

    operations = [
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(condition=models.Q(("credit_code__isnull", False), ("kind", "unit")),
                                               fields=("name",), name="unique_registered_unit_name",
                                               violation_error_message="该单位名称已注册，请勿重复注册"),
        ),
    ]

# Units registered from now on are reviewed (route "accounts.unit_registration"). Units registered before
# have no registration row and stay as they are: active, their admins logging in as before.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_user_must_change_password'),
        ('orgs', '0001_initial'),
        ('reviews', '0003_engine_owner_due_states'),
    ]

    operations = [
        migrations.CreateModel(
            name='UnitRegistration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('credit_code', models.CharField(db_index=True, max_length=18, verbose_name='统一社会信用代码')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='注册时间')),
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='reviews.case')),
                ('org', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='registration', to='orgs.organisation', verbose_name='单位')),
            ],
            options={
                'verbose_name': '单位注册',
                'ordering': ['-created_at', '-id'],
            },
        ),
    ]

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0002_committee_and_base_profiles'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='organisation',
            name='base_level',
        ),
    ]

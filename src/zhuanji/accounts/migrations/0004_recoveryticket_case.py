# The ticket's review moves to its case on the review engine. Non-null from the start: tickets had no
# production data when this was written, so the table is empty and needs no case to be made up for old rows.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_smsmessage_recoveryticket_recoverychallenge'),
        ('reviews', '0003_engine_owner_due_states'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='recoveryticket',
            name='reject_reason',
        ),
        migrations.RemoveField(
            model_name='recoveryticket',
            name='reviewed_at',
        ),
        migrations.RemoveField(
            model_name='recoveryticket',
            name='reviewed_by',
        ),
        migrations.RemoveField(
            model_name='recoveryticket',
            name='status',
        ),
        migrations.AddField(
            model_name='recoveryticket',
            name='case',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='reviews.case'),
        ),
    ]

# Issue 10 §7–§9: failed logins back off on throttle counters (the hard lock fields go), SMS code requests that
# match no account get a challenge with no user, and the passwords a user chose are remembered (last five).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0008_remove_person_photo_remove_recoveryticket_id_photo'),
    ]

    operations = [
        migrations.CreateModel(
            name='ThrottleCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=200, unique=True)),
                ('value', models.BigIntegerField(default=0)),
                ('expires_at', models.FloatField(db_index=True)),
            ],
        ),
        migrations.RemoveField(
            model_name='user',
            name='failed_logins',
        ),
        migrations.RemoveField(
            model_name='user',
            name='locked_until',
        ),
        migrations.AlterField(
            model_name='recoverychallenge',
            name='user',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='recovery_challenges', to=settings.AUTH_USER_MODEL),
        ),
        migrations.CreateModel(
            name='PasswordHistory',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='password_history', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['user', '-created_at'], name='accounts_pa_user_id_0f22a1_idx')],
            },
        ),
    ]

"""The Celery app: Redis in production; with no broker configured, the file broker under var/broker/.

Either way a worker (`celery -A zhuanji worker`, started by `make run`) runs the tasks, never the web request.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhuanji.settings")
app = Celery("zhuanji")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

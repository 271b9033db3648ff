"""A bulk issuing run in a process of its own that is killed (SIGKILL) in the middle of an item.

Started by `test_bulk.test_a_killed_workers_batch_is_completed_exactly_once` with one JSON argument: the test
database's URL, the test's file folders, the job id and how many items to issue before dying. It dies inside an
item's transaction, after its number was taken and before the item is saved: no `finally`, no rollback of its
own, its lease left to expire — what a worker killed by the OOM killer or a power cut leaves behind.
"""

import json
import os
import signal
import sys


def main() -> None:
    args = json.loads(sys.argv[1])
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    os.environ["DATABASE_URL"] = args["database_url"]

    import django
    from django.conf import settings

    django.setup()
    settings.MEDIA_ROOT = args["media_root"]
    settings.PRIVATE_ROOT = args["private_root"]
    settings.CERTIFICATE_KEY_DIR = args["key_dir"]

    from zhuanji.certificates.services import bulk, issuing

    real_store = issuing._store
    issued = []

    def store_or_die(cert, photo, stored):
        if len(issued) == args["kill_after"]:
            os.kill(os.getpid(), signal.SIGKILL)
        real_store(cert, photo, stored)
        issued.append(cert.number)

    issuing._store = store_or_die
    bulk.bulk_job_run(job_id=args["job_id"])
    sys.exit("the worker was meant to die mid-batch")


if __name__ == "__main__":
    main()

import json
import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonUserFactory, give_photo
from zhuanji.attachments.storage import private_storage
from zhuanji.certificates.models import BulkIssueItem, BulkIssueJob, Certificate, CertificateKind
from zhuanji.certificates.periodic import resume_bulk
from zhuanji.certificates.selectors import bulk_job_progress
from zhuanji.certificates.services import bulk, bulk_job_create, bulk_job_run, bulk_job_start, certificate_issue

from .conftest import jpeg_bytes

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def make_job(world, count=4):
    holders = [PersonUserFactory() for _ in range(count)]
    job = bulk_job_create(actor=world.title_office_staff, issuer=world.title_office, kind=CertificateKind.TITLE,
                          title="2025年度正高级工程师批文发证", year=2025, holders=holders,
                          fields={"series": "工程系列", "qualification": "正高级工程师",
                                  "approval_document": "新人社职字〔2025〕12号"},
                          holder_fields={holders[0].pk: {"specialty": "水利专业"}})
    return job, holders


def assert_each_holder_once(job, holders):
    per_holder = dict(Certificate.objects.values_list("holder").annotate(n=Count("pk")))
    assert per_holder == {h.pk: 1 for h in holders}
    items = dict(job.items.values_list("holder", "certificate"))
    assert items == dict(Certificate.objects.values_list("holder", "pk"))
    assert all(c.pdf_ready for c in Certificate.objects.all())


def expire_lease(job):
    BulkIssueJob.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))


def test_bulk_job_issues_every_holder_with_its_pdf(world, django_capture_on_commit_callbacks):
    job, holders = make_job(world)
    with django_capture_on_commit_callbacks(execute=True):
        bulk_job_start(actor=world.title_office_staff, job=job)
    job.refresh_from_db()
    assert job.state == BulkIssueJob.State.DONE and (job.lease_owner, job.lease_until) == ("", None)
    certs = Certificate.objects.filter(issuer=world.title_office).order_by("pk")
    assert certs.count() == 4 and {c.holder for c in certs} == set(holders)
    assert certs[0].specialty == "水利专业" and certs[1].specialty == ""
    assert all(c.approval_document == "新人社职字〔2025〕12号" and c.year == 2025 for c in certs)
    assert_each_holder_once(job, holders)
    progress = bulk_job_progress(job)
    assert {k: progress[k] for k in ("issued", "failed", "percent", "pdf_pending")} == {
        "issued": 4, "failed": 0, "percent": 100, "pdf_pending": 0}
    assert progress["rate"] > 0
    with pytest.raises(ValidationError) as exc:
        bulk_job_start(actor=world.title_office_staff, job=job)
    assert exc.value.code == "done"


class Killed(BaseException):
    """The worker process dying: nothing below it catches this, no lease is given back."""


def test_a_run_that_dies_midway_is_resumed_by_the_periodic_job_and_issues_each_holder_once(
        world, monkeypatch, django_capture_on_commit_callbacks):
    job, holders = make_job(world)
    real_pdf = bulk.certificate_pdf_generate
    made = []

    def pdf_then_die(*, certificate_id):
        if len(made) == 1:  # the second item is committed, its PDF not made yet
            raise Killed
        made.append(real_pdf(certificate_id=certificate_id))

    monkeypatch.setattr(bulk, "certificate_pdf_generate", pdf_then_die)
    with pytest.raises(Killed):
        bulk_job_run(job_id=job.pk)
    monkeypatch.setattr(bulk, "certificate_pdf_generate", real_pdf)
    job.refresh_from_db()
    assert job.state == BulkIssueJob.State.RUNNING and job.lease_owner and job.lease_until > timezone.now()
    assert Certificate.objects.count() == 2 and Certificate.objects.filter(pdf="").count() == 1

    # While the lease could still be a live worker's, nothing resumes and a duplicate message does nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert resume_bulk() == 0
    bulk_job_run(job_id=job.pk)
    assert Certificate.objects.count() == 2

    expire_lease(job)
    with django_capture_on_commit_callbacks(execute=True):
        assert resume_bulk() == 1  # queues the job again; the (eager) worker runs it
    job.refresh_from_db()
    assert job.state == BulkIssueJob.State.DONE
    assert_each_holder_once(job, holders)  # the dead run's missing PDF made too
    with django_capture_on_commit_callbacks(execute=True):
        assert resume_bulk() == 0


def _database_url() -> str:
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()


@pytest.mark.django_db(transaction=True)
def test_a_killed_workers_batch_is_completed_exactly_once(world, settings, monkeypatch):
    job, holders = make_job(world, count=5)
    with monkeypatch.context() as queued:  # the message is what the worker below takes
        queued.setattr("zhuanji.certificates.tasks.bulk_issue.delay", lambda job_id: None)
        bulk_job_start(actor=world.title_office_staff, job=job)

    # A worker in a process of its own takes the job and is SIGKILLed inside its third item.
    args = {"database_url": _database_url(), "media_root": str(settings.MEDIA_ROOT),
            "private_root": str(settings.PRIVATE_ROOT), "key_dir": str(settings.CERTIFICATE_KEY_DIR),
            "job_id": job.pk, "kill_after": 2}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    worker = subprocess.run([sys.executable, str(Path(__file__).with_name("killed_worker.py")), json.dumps(args)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert worker.returncode == -signal.SIGKILL, worker.stderr
    job.refresh_from_db()
    assert job.state == BulkIssueJob.State.RUNNING and job.lease_until > timezone.now()
    assert Certificate.objects.count() == 2 and bulk_job_progress(job)["issued"] == 2

    assert resume_bulk() == 0  # the lease may still be a live worker's
    expire_lease(job)  # ...until it runs out
    assert resume_bulk() == 1  # queued again; the (eager) worker carries on from the third item
    job.refresh_from_db()
    assert job.state == BulkIssueJob.State.DONE
    assert_each_holder_once(job, holders)
    numbers = list(Certificate.objects.values_list("number", flat=True))
    assert len(set(numbers)) == 5


def test_a_second_run_leaves_a_held_job_alone_and_a_run_whose_lease_was_taken_over_stops(world):
    job, holders = make_job(world, count=3)
    first = bulk._acquire(job.pk, "run-a")
    assert first is not None
    assert bulk_job_run(job_id=job.pk).state == BulkIssueJob.State.RUNNING  # run B: the lease is live
    assert not Certificate.objects.exists()

    expire_lease(job)  # run A went silent; run C takes over and finishes
    assert bulk_job_run(job_id=job.pk).state == BulkIssueJob.State.DONE
    with pytest.raises(bulk.LeaseLost):  # run A wakes up: it stops without issuing anything
        bulk._issue_next(first, "run-a")
    assert_each_holder_once(job, holders)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SKIP LOCKED: PostgreSQL (SQLite has one writer)")
def test_an_item_locked_by_another_run_is_skipped_not_waited_for(world):
    job, _ = make_job(world, count=2)
    first = job.items.order_by("pk").first()
    locked, release = threading.Event(), threading.Event()

    def other_run():
        with transaction.atomic():
            BulkIssueItem.objects.select_for_update().get(pk=first.pk)
            locked.set()
            release.wait(30)
        connection.close()

    thread = threading.Thread(target=other_run)
    thread.start()
    try:
        assert locked.wait(10)
        run = bulk._acquire(job.pk, "run-b")
        item = bulk._issue_next(run, "run-b")
        assert item.pk != first.pk and item.certificate_id
    finally:
        release.set()
        thread.join()


def _break_photo(user):
    attachment = user.person.photo
    storage = private_storage()
    storage.delete(attachment.stored_name)
    storage.save(attachment.stored_name, ContentFile(b"\xff\xd8\xff\xe0 cut short"))


def test_one_bad_holder_is_that_items_error_and_the_batch_goes_on(world, login, django_capture_on_commit_callbacks):
    job, holders = make_job(world, count=3)
    give_photo(holders[1], jpeg_bytes())
    _break_photo(holders[1])  # a photo that does not decode
    bulk_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == BulkIssueJob.State.INCOMPLETE
    assert set(Certificate.objects.values_list("holder", flat=True)) == {holders[0].pk, holders[2].pk}
    assert "一寸照无法识别" in job.items.get(holder=holders[1]).error
    assert bulk_job_progress(job)["failed"] == 1
    page = login(world.title_office_staff).get(reverse("certificates:bulk_detail", args=[job.pk])).content.decode()
    assert "部分未发证" in page and "一寸照无法识别" in page and "继续发证" in page

    give_photo(holders[1], jpeg_bytes())  # fixed; 继续发证
    with django_capture_on_commit_callbacks(execute=True):
        bulk_job_start(actor=world.title_office_staff, job=job)
    job.refresh_from_db()
    assert job.state == BulkIssueJob.State.DONE and job.items.get(holder=holders[1]).error == ""
    assert_each_holder_once(job, holders)


def test_refused_items_are_reported_and_the_job_stays_open(world):
    job, holders = make_job(world, count=2)
    job.items.filter(holder=holders[1]).update(holder=world.unit_admin)  # a staff account, not a person
    bulk_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == BulkIssueJob.State.INCOMPLETE
    progress = bulk_job_progress(job)
    assert (progress["issued"], progress["failed"], progress["percent"]) == (1, 1, 50)
    assert "个人用户" in job.items.get(holder=world.unit_admin).error
    assert resume_bulk() == 0  # a finished run with refusals waits for 继续发证, not for the periodic job


def test_items_and_certificates_are_unique_per_job_holder_and_source(world):
    job, holders = make_job(world, count=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        BulkIssueItem.objects.create(job=job, holder=holders[0])
    bulk_job_run(job_id=job.pk)
    with pytest.raises(ValidationError) as exc:  # what a second run would try: the same source
        certificate_issue(actor=world.title_office_staff, kind=CertificateKind.TITLE, holder=holders[0],
                          issuer=world.title_office, year=2025, source=f"bulk:{job.pk}:{holders[0].pk}")
    assert exc.value.code == "duplicate_source"


def test_the_progress_page_reports_certificates_per_second(world, login):
    job, _ = make_job(world, count=4)
    bulk_job_run(job_id=job.pk)
    started = timezone.now() - timedelta(minutes=1)
    BulkIssueJob.objects.filter(pk=job.pk).update(run_started_at=started)
    for index, item in enumerate(job.items.order_by("pk"), start=1):
        BulkIssueItem.objects.filter(pk=item.pk).update(done_at=started + timedelta(seconds=index * 0.5))
    job.refresh_from_db()
    assert bulk_job_progress(job)["rate"] == 2.0  # 4 certificates in 2 seconds
    client = login(world.title_office_staff)
    partial = client.get(reverse("certificates:bulk_detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert '<strong id="bulk-rate">2.0 张/秒</strong>' in partial.content.decode()


def test_a_queued_job_whose_message_was_lost_is_queued_again(world, django_capture_on_commit_callbacks):
    job, holders = make_job(world, count=2)
    with django_capture_on_commit_callbacks(execute=False):  # the message never reaches a worker
        bulk_job_start(actor=world.title_office_staff, job=job)
    job.refresh_from_db()
    assert job.state == BulkIssueJob.State.PENDING and job.lease_until > timezone.now()
    assert resume_bulk() == 0
    expire_lease(job)
    with django_capture_on_commit_callbacks(execute=True):
        assert resume_bulk() == 1
    job.refresh_from_db()
    assert job.state == BulkIssueJob.State.DONE
    assert_each_holder_once(job, holders)


def test_a_job_left_running_without_a_lease_by_an_older_run_is_resumed(world, django_capture_on_commit_callbacks):
    job, holders = make_job(world, count=2)
    BulkIssueJob.objects.filter(pk=job.pk).update(state=BulkIssueJob.State.RUNNING)  # 发证中 since before leases
    with django_capture_on_commit_callbacks(execute=True):
        assert resume_bulk() == 1
    job.refresh_from_db()
    assert job.state == BulkIssueJob.State.DONE
    assert_each_holder_once(job, holders)


def test_a_running_job_cannot_be_started_twice(world):
    job, _ = make_job(world, count=1)
    bulk._acquire(job.pk, "run-a")
    with pytest.raises(ValidationError) as exc:
        bulk_job_start(actor=world.title_office_staff, job=job)
    assert exc.value.code == "running"


def test_only_issuers_create_jobs(world):
    with pytest.raises(PermissionDenied):
        bulk_job_create(actor=world.unit_admin, issuer=world.title_office, kind=CertificateKind.TITLE, title="x",
                        year=2025, holders=[world.person])


def test_the_progress_page_stops_polling_when_the_worker_is_gone(world, login):
    job, _ = make_job(world, count=2)
    BulkIssueJob.objects.filter(pk=job.pk).update(state=BulkIssueJob.State.RUNNING,
                                                  lease_until=timezone.now() + timedelta(minutes=1))
    client = login(world.title_office_staff)
    live = client.get(reverse("certificates:bulk_detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in live
    BulkIssueJob.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(minutes=1))
    dead = client.get(reverse("certificates:bulk_detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' not in dead and "发证进程已中断" in dead

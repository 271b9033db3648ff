import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import PersonUserFactory
from zhuanji.certificates.models import BulkIssueJob, Certificate, CertificateKind
from zhuanji.certificates.selectors import bulk_job_progress
from zhuanji.certificates.services import bulk, bulk_job_create, bulk_job_run, bulk_job_start, issuing

pytestmark = pytest.mark.django_db


def make_job(world, count=4):
    holders = [PersonUserFactory() for _ in range(count)]
    job = bulk_job_create(actor=world.title_office_staff, issuer=world.title_office, kind=CertificateKind.TITLE,
                          title="2025年度正高级工程师批文发证", year=2025, holders=holders,
                          fields={"series": "工程系列", "qualification": "正高级工程师",
                                  "approval_document": "新人社职字〔2025〕12号"},
                          holder_fields={holders[0].pk: {"specialty": "水利专业"}})
    return job, holders


def test_bulk_job_issues_every_holder(world, django_capture_on_commit_callbacks):
    job, holders = make_job(world)
    with django_capture_on_commit_callbacks(execute=True):
        bulk_job_start(actor=world.title_office_staff, job=job)
    job.refresh_from_db()
    assert job.state == BulkIssueJob.State.DONE
    certs = Certificate.objects.filter(issuer=world.title_office).order_by("pk")
    assert certs.count() == 4 and {c.holder for c in certs} == set(holders)
    assert certs[0].specialty == "水利专业" and certs[1].specialty == ""
    assert all(c.approval_document == "新人社职字〔2025〕12号" and c.year == 2025 for c in certs)
    assert bulk_job_progress(job) == {"issued": 4, "failed": 0, "percent": 100}
    with pytest.raises(ValidationError) as exc:
        bulk_job_start(actor=world.title_office_staff, job=job)
    assert exc.value.code == "done"


def test_a_crash_midway_leaves_no_half_issued_certificate_and_a_rerun_does_not_issue_twice(world, monkeypatch,
                                                                                             settings):
    job, holders = make_job(world)
    real_store = issuing._store
    calls = {"n": 0}

    def crashing_store(cert, photo, stored):
        calls["n"] += 1
        real_store(cert, photo, stored)
        if calls["n"] == 3:  # the PDF is already in storage when the worker dies
            raise RuntimeError("worker killed")

    monkeypatch.setattr(issuing, "_store", crashing_store)
    with pytest.raises(RuntimeError):
        bulk_job_run(job_id=job.pk)
    assert Certificate.objects.count() == 2
    assert bulk_job_progress(job)["issued"] == 2
    assert len(list((settings.MEDIA_ROOT / "certificates" / "pdf").rglob("*.pdf"))) == 2
    monkeypatch.setattr(issuing, "_store", real_store)
    bulk_job_run(job_id=job.pk)
    bulk_job_run(job_id=job.pk)
    assert Certificate.objects.count() == 4
    assert sorted(Certificate.objects.values_list("holder", flat=True)) == sorted(h.pk for h in holders)


def test_an_overlapping_run_skips_items_another_run_has_issued(world):
    # Two workers may list the same pending items; the one that comes second must leave them alone.
    job, _ = make_job(world, count=2)
    listed = list(job.items.values_list("pk", flat=True))
    bulk_job_run(job_id=job.pk)
    issued = dict(job.items.values_list("pk", "certificate_id"))
    for item_pk in listed:
        bulk._issue_item(job, item_pk)
    assert Certificate.objects.count() == 2
    assert dict(job.items.values_list("pk", "certificate_id")) == issued
    assert list(job.items.values_list("error", flat=True)) == ["", ""]
    assert bulk_job_progress(job) == {"issued": 2, "failed": 0, "percent": 100}


def test_refused_items_are_reported_and_the_job_stays_open(world):
    job, holders = make_job(world, count=2)
    job.items.filter(holder=holders[1]).update(holder=world.unit_admin)  # a staff account, not a person
    bulk_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == BulkIssueJob.State.PENDING
    assert bulk_job_progress(job) == {"issued": 1, "failed": 1, "percent": 50}
    assert "个人用户" in job.items.get(holder=world.unit_admin).error


def test_only_issuers_create_jobs(world):
    with pytest.raises(PermissionDenied):
        bulk_job_create(actor=world.unit_admin, issuer=world.title_office, kind=CertificateKind.TITLE, title="x",
                        year=2025, holders=[world.person])

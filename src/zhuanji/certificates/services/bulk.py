"""批量发证: a job lists its holders; a background task issues each in its own transaction.

Resumable: an item and its certificate are written in one transaction, and the run only visits items
without a certificate, so a crash leaves no half-issued certificate and a rerun issues nothing twice.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhuanji.audit.services import record
from zhuanji.orgs.access import require_perm
from zhuanji.orgs.acting import acting_as, acting_of

from ..models import BulkIssueItem, BulkIssueJob, CertificateKind
from .issuing import PRINTED_FIELDS, certificate_issue

JOB_FIELDS = ("year", *PRINTED_FIELDS)


def bulk_job_create(*, actor, issuer, kind: str, title: str, year: int, holders, fields: dict | None = None,
                    holder_fields: dict | None = None) -> BulkIssueJob:
    """A job issuing `kind` certificates to every user in `holders` (e.g. all holders of one 批文).

    `fields` are the printed fields common to all; `holder_fields` maps a holder's pk to their own
    (e.g. each holder's qualification, or `source` naming the application the certificate is for).
    """
    require_perm(actor, "certificates.issue", org=issuer)
    if kind not in CertificateKind.values:
        raise ValidationError("证书类型不正确", code="bad_kind")
    holders = list(holders)
    if not holders:
        raise ValidationError("请至少选择一名持证人", code="no_holders")
    common = {k: v for k, v in (fields or {}).items() if v not in ("", None)}
    unknown = set(common) - set(PRINTED_FIELDS)
    if unknown:
        raise TypeError(f"unknown printed fields: {sorted(unknown)}")
    holder_fields = holder_fields or {}
    with transaction.atomic():
        job = BulkIssueJob(issuer=issuer, kind=kind, title=title, created_by=acting_of(actor).user,
                           total=len(holders), fields={"year": year, **{k: str(v) for k, v in common.items()}})
        job.full_clean()
        job.save()
        BulkIssueItem.objects.bulk_create(
            BulkIssueItem(job=job, holder=h, fields=holder_fields.get(h.pk, {})) for h in holders
        )
        record(actor=actor, action="certificates.bulk_create", obj=job, org=issuer,
               after={"kind": kind, "total": job.total, "title": title})
    return job


def bulk_job_start(*, actor, job: BulkIssueJob) -> None:
    """Queue the job's run (again, to resume one that stopped) once the current transaction commits."""
    from ..tasks import bulk_issue

    require_perm(actor, "certificates.issue", org=job.issuer)
    if job.state == BulkIssueJob.State.DONE:
        raise ValidationError("该批次已全部发证", code="done")
    record(actor=actor, action="certificates.bulk_start", obj=job, org=job.issuer)
    transaction.on_commit(lambda: bulk_issue.delay(job.pk))


def _issue_item(job: BulkIssueJob, item_pk: int) -> None:
    # No request here: the job's creator acts again as the issuer they created it for.
    actor = acting_as(job.created_by, job.issuer)
    with transaction.atomic():
        item = BulkIssueItem.objects.select_for_update(of=("self",)).select_related("holder__person").get(pk=item_pk)
        if item.certificate_id:
            return
        fields = {**job.fields, **item.fields}
        year = int(fields.pop("year"))
        source = fields.pop("source", f"bulk:{job.pk}:{item.holder_id}")
        try:
            with transaction.atomic():
                item.certificate = certificate_issue(actor=actor, kind=job.kind, holder=item.holder,
                                                     issuer=job.issuer, year=year, source=source, **fields)
                item.error = ""
        except (ValidationError, PermissionDenied) as exc:
            item.error = "；".join(getattr(exc, "messages", None) or [str(exc)])[:300]
        item.save(update_fields=["certificate", "error"])


def bulk_job_run(*, job_id: int) -> BulkIssueJob:
    """Issue every item still without a certificate; called by the background task."""
    job = BulkIssueJob.objects.select_related("issuer", "created_by").get(pk=job_id)
    BulkIssueJob.objects.filter(pk=job.pk).update(state=BulkIssueJob.State.RUNNING)
    pending = job.items.filter(certificate__isnull=True).order_by("pk").values_list("pk", flat=True)
    for item_pk in list(pending):
        _issue_item(job, item_pk)
    # Items refused (e.g. a holder without a profile) leave the job open for a retry after fixing them.
    unfinished = job.items.filter(certificate__isnull=True).exists()
    state = BulkIssueJob.State.PENDING if unfinished else BulkIssueJob.State.DONE
    BulkIssueJob.objects.filter(pk=job.pk).update(state=state, finished_at=timezone.now())
    job.refresh_from_db()
    return job

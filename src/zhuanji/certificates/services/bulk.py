"""批量发证: a job lists its holders; the worker issues each in its own transaction, then makes its PDF.

Exactly once, whatever dies when:
- a run holds the job under a lease (`lease_owner`, `lease_until`), renewed with every item it claims
  (`heartbeat_at`); a second run of the same job (a duplicate message) finds the lease live and leaves;
- an item is claimed and issued in one transaction, its row locked (`select_for_update(skip_locked=True)` on
  PostgreSQL, SQLite's write lock otherwise) and re-checked there: its certificate, the item's own row, is
  written in that transaction or not at all; `(job, holder)` is unique and so is a valid certificate's
  `(kind, source)`, so neither a zombie run nor a rerun can issue it twice;
- a worker killed mid-batch leaves its lease to expire; the periodic job `certificates.resume_bulk` then queues
  the job again and the next run carries on with the items still without a certificate, and makes the PDFs
  the dead run had not made.
A holder refused (not a registered person, a photo that does not decode, …) gets the reason as the item's
error and the batch goes on; the job ends 部分未发证 and 继续发证 retries those items once fixed.
"""

import logging
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhuanji.audit.services import record
from zhuanji.orgs.access import require_perm
from zhuanji.orgs.acting import acting_as, acting_of

from ..models import BulkIssueItem, BulkIssueJob, Certificate, CertificateKind
from .issuing import PRINTED_FIELDS, certificate_issue
from .pdfs import certificate_pdf_generate

logger = logging.getLogger(__name__)

JOB_FIELDS = ("year", *PRINTED_FIELDS)
# A run renews its lease with every item; one silent for this long is taken for dead.
LEASE = timedelta(minutes=2)
# A queued job no worker has taken by then is queued again (its message lost, or the worker down meanwhile).
QUEUE_GRACE = timedelta(minutes=10)


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


def _queue(job_id: int) -> None:
    from ..tasks import bulk_issue

    # Robust: a broker refusing the message leaves the job queued with its lease, which the periodic job renews.
    transaction.on_commit(lambda: bulk_issue.delay(job_id), robust=True)


def bulk_job_start(*, actor, job: BulkIssueJob) -> None:
    """Queue the job's run once the current transaction commits (again, for items refused in a finished run)."""
    require_perm(actor, "certificates.issue", org=job.issuer)
    with transaction.atomic():
        job = BulkIssueJob.objects.select_for_update().get(pk=job.pk)
        now = timezone.now()
        if job.state == BulkIssueJob.State.DONE:
            raise ValidationError("该批次已全部发证", code="done")
        if job.state == BulkIssueJob.State.RUNNING and job.lease_until and job.lease_until > now:
            raise ValidationError("该批次正在发证中，请稍后查看进度", code="running")
        job.state = BulkIssueJob.State.PENDING
        job.lease_owner, job.lease_until = "", now + QUEUE_GRACE
        job.save(update_fields=["state", "lease_owner", "lease_until"])
        record(actor=actor, action="certificates.bulk_start", obj=job, org=job.issuer)
        _queue(job.pk)


def bulk_jobs_resume() -> int:
    """Queue again every unfinished job whose lease has expired: its worker died, or its message was lost (and a
    job left 发证中 without a lease, by a run from before leases)."""
    now = timezone.now()
    stale = BulkIssueJob.objects.filter(
        Q(state__in=[BulkIssueJob.State.PENDING, BulkIssueJob.State.RUNNING], lease_until__lt=now)
        | Q(state=BulkIssueJob.State.RUNNING, lease_until__isnull=True))
    resumed = 0
    for pk, lease_until in stale.values_list("pk", "lease_until"):
        with transaction.atomic():
            # Compare-and-set on the lease: two periodic runners at once queue a job once. Queued again, it is
            # no run's any more: a run that was only slow finds its lease gone at its next item and stops.
            if BulkIssueJob.objects.filter(pk=pk, lease_until=lease_until).update(
                    state=BulkIssueJob.State.PENDING, lease_owner="", lease_until=now + QUEUE_GRACE):
                logger.warning("bulk issuing job %s: lease expired at %s, queued again", pk, lease_until)
                _queue(pk)
                resumed += 1
    return resumed


def _acquire(job_id: int, owner: str) -> BulkIssueJob | None:
    """Take the job's lease, unless it is finished or a live run holds it."""
    with transaction.atomic():
        job = BulkIssueJob.objects.select_for_update().select_related("issuer", "created_by").get(pk=job_id)
        now = timezone.now()
        if job.state not in (BulkIssueJob.State.PENDING, BulkIssueJob.State.RUNNING):
            return None
        if job.state == BulkIssueJob.State.RUNNING and job.lease_until and job.lease_until > now:
            return None
        job.state = BulkIssueJob.State.RUNNING
        job.lease_owner, job.lease_until, job.heartbeat_at, job.run_started_at = owner, now + LEASE, now, now
        job.save(update_fields=["state", "lease_owner", "lease_until", "heartbeat_at", "run_started_at"])
        return job


class LeaseLost(Exception):
    """Another run has taken the job over (this one was silent longer than LEASE)."""


def _issue_next(job: BulkIssueJob, owner: str) -> BulkIssueItem | None:
    """Claim the next item this run has not handled, issue its certificate (or record why not); None when none
    is left. Raises LeaseLost when another run holds the job now."""
    # No request here: the job's creator acts again as the issuer they created it for.
    actor = acting_as(job.created_by, job.issuer)
    with transaction.atomic():
        now = timezone.now()
        if not BulkIssueJob.objects.filter(pk=job.pk, lease_owner=owner).update(heartbeat_at=now,
                                                                                 lease_until=now + LEASE):
            raise LeaseLost(job.pk)
        item = (BulkIssueItem.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("holder__person")
                .filter(Q(done_at__isnull=True) | Q(done_at__lt=job.run_started_at), job=job,
                        certificate__isnull=True)
                .order_by("pk").first())
        if item is None:
            return None
        fields = {**job.fields, **item.fields}
        year = int(fields.pop("year"))
        source = fields.pop("source", f"bulk:{job.pk}:{item.holder_id}")
        try:
            with transaction.atomic():
                item.certificate = certificate_issue(actor=actor, kind=job.kind, holder=item.holder,
                                                     issuer=job.issuer, year=year, source=source, queue_pdf=False,
                                                     **fields)
                item.error = ""
        except (ValidationError, PermissionDenied) as exc:
            item.error = "；".join(getattr(exc, "messages", None) or [str(exc)])[:300]
        except Exception:
            # One holder's unexpected failure must not stop the batch; the traceback goes to the log.
            logger.exception("bulk issuing job %s: item %s failed", job.pk, item.pk)
            item.error = "发证失败（系统错误），请稍后继续发证"
        item.done_at = now
        item.save(update_fields=["certificate", "error", "done_at"])
    return item


def _make_pdf(certificate_id: int) -> None:
    try:
        certificate_pdf_generate(certificate_id=certificate_id)
    except Exception:
        # The certificate is issued; its PDF is asked for again by the periodic job.
        logger.exception("certificate %s: PDF not made", certificate_id)


def bulk_job_run(*, job_id: int) -> BulkIssueJob:
    """Issue every item still without a certificate and make the PDFs; the background task."""
    owner = secrets.token_hex(8)
    job = _acquire(job_id, owner)
    if job is None:
        return BulkIssueJob.objects.get(pk=job_id)
    try:
        while (item := _issue_next(job, owner)) is not None:
            if item.certificate_id:
                _make_pdf(item.certificate_id)
    except LeaseLost:
        logger.warning("bulk issuing job %s: lease taken over by another run, stopping", job_id)
        return BulkIssueJob.objects.get(pk=job_id)
    # PDFs a run killed earlier did not make.
    missing = Certificate.objects.filter(pk__in=job.items.filter(certificate__isnull=False).values("certificate"),
                                         pdf="").values_list("pk", flat=True)
    for certificate_id in list(missing):
        _make_pdf(certificate_id)
    # Items refused (e.g. a holder without a profile) leave the job open for 继续发证 after fixing them.
    unfinished = job.items.filter(certificate__isnull=True).exists()
    state = BulkIssueJob.State.INCOMPLETE if unfinished else BulkIssueJob.State.DONE
    BulkIssueJob.objects.filter(pk=job.pk, lease_owner=owner).update(
        state=state, finished_at=timezone.now(), lease_owner="", lease_until=None)
    job.refresh_from_db()
    return job

"""Notice management (通知公告管理): every change checked against the manager's scope and audited."""

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhuanji.audit.services import record, snapshot
from zhuanji.orgs.access import require_perm
from zhuanji.orgs.acting import acting_of

from .models import Notice
from .selectors import MANAGE_PERM, notice_scope

AUDITED_FIELDS = ("kind", "category", "region_id", "title", "is_published")


def sanitise_body(html: str) -> str:
    """Keep formatting tags, drop scripts, event handlers and `javascript:` links (nh3's safe defaults)."""
    return nh3.clean(html or "")


def _check_scope(actor, *regions) -> None:
    require_perm(actor, MANAGE_PERM)
    scope = notice_scope(actor)
    if not all(scope.permits_region(region) for region in regions):
        raise ValidationError({"region": "您不能发布该区域的通知公告"})


def _save(notice: Notice) -> None:
    notice.full_clean()
    notice.save()


def notice_create(*, actor, kind: str, category: str, region, title: str, body: str) -> Notice:
    actor = acting_of(actor)
    _check_scope(actor, region)
    with transaction.atomic():
        notice = Notice(kind=kind, category=category, region=region if region and not region.is_region else None,
                        title=title.strip(), body=sanitise_body(body), author=actor.user)
        _save(notice)
        record(actor=actor, action="notice.create", obj=notice, after=snapshot(notice, AUDITED_FIELDS))
    return notice


def notice_update(*, actor, notice: Notice, kind: str, category: str, region, title: str, body: str) -> Notice:
    actor = acting_of(actor)
    _check_scope(actor, notice.region, region)
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        before = snapshot(notice, AUDITED_FIELDS)
        notice.kind, notice.category, notice.title = kind, category, title.strip()
        notice.region = region if region and not region.is_region else None
        notice.body = sanitise_body(body)
        _save(notice)
        record(actor=actor, action="notice.update", obj=notice, before=before, after=snapshot(notice, AUDITED_FIELDS))
    return notice


def _set_published(*, actor, notice: Notice, published: bool, action: str) -> Notice:
    actor = acting_of(actor)
    _check_scope(actor, notice.region)
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        before = snapshot(notice, AUDITED_FIELDS)
        notice.is_published = published
        if published and notice.published_at is None:
            notice.published_at = timezone.now()
        _save(notice)
        record(actor=actor, action=action, obj=notice, before=before, after=snapshot(notice, AUDITED_FIELDS))
    return notice


def notice_publish(*, actor, notice: Notice) -> Notice:
    return _set_published(actor=actor, notice=notice, published=True, action="notice.publish")


def notice_unpublish(*, actor, notice: Notice) -> Notice:
    return _set_published(actor=actor, notice=notice, published=False, action="notice.unpublish")


def notice_delete(*, actor, notice: Notice) -> None:
    actor = acting_of(actor)
    _check_scope(actor, notice.region)
    with transaction.atomic():
        before = snapshot(notice, AUDITED_FIELDS)
        record(actor=actor, action="notice.delete", obj=notice, before=before)
        notice.delete()


def notice_post(*, actor, category: str, title: str, body: str, source: str) -> Notice:
    """Publish a notice a business event makes in the acting organisation's name, for its own region (an approved
    评审工作事前备案's 工作通知, by the title office that received it). `source` names the event in the audit log.

    Not a manager's action: whoever may take the event's decision posts its notice, but only where their
    organisation is (自治区 level, or its 地州), never elsewhere.
    """
    acting = acting_of(actor)
    org = acting.org
    if org is None:
        raise ValidationError("发布通知公告需要以机构身份办理")
    region = None if org.region.is_region else org.region
    with transaction.atomic():
        notice = Notice(kind=Notice.Kind.NOTICE, category=category, region=region, title=title.strip()[:100],
                        body=sanitise_body(body), author=acting.user, is_published=True,
                        published_at=timezone.now())
        _save(notice)
        record(actor=acting, action="notice.post", obj=notice,
               after={**snapshot(notice, AUDITED_FIELDS), "source": source})
    return notice

"""Checks every applicant-side service shares: the actor owns the application and may still edit it."""

from django.core.exceptions import PermissionDenied, ValidationError

from zhuanji.orgs.access import has_perm

from ..models import Application


def assert_applicant(actor) -> None:
    if not has_perm(actor, "hours.apply"):
        raise PermissionDenied("只有个人用户可以申请专业课学时认定")


def lock_editable(*, actor, application: Application) -> Application:
    """Re-read the application under a row lock; refuse unless the actor owns it and it is with them."""
    assert_applicant(actor)
    locked = Application.objects.select_for_update().select_related("case").get(pk=application.pk)
    if locked.applicant_id != actor.pk:
        raise PermissionDenied("只能修改本人的学时认定申请")
    if not locked.case.is_editable:
        raise ValidationError("申请书已提交审核，不能修改", code="not_editable")
    return locked

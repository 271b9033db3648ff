"""我的用户: an organisation's admins edit, disable and reset its users (adding one is accounts' staff_user_create)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhuanji.accounts.identifiers import clean_person_name, clean_phone
from zhuanji.accounts.models import User
from zhuanji.accounts.passwords import set_temporary_password
from zhuanji.accounts.sms import secret, send_sms_after_commit
from zhuanji.audit.masking import mask_phone
from zhuanji.audit.services import record

from ..acting import acting_of
from ..models import Membership, Role
from .access import require_user_manager


def _locked(actor, membership: Membership) -> Membership:
    require_user_manager(actor, membership.org)
    return Membership.objects.select_for_update().select_related("user", "org").get(pk=membership.pk)


@transaction.atomic
def staff_user_update(*, actor, membership: Membership, name: str, phone: str, role: str) -> Membership:
    """修改信息: also what keeps a user from going stale (最后编辑时间 within one year)."""
    actor = acting_of(actor)
    membership = _locked(actor, membership)
    user = membership.user
    errors = {}
    try:
        name = clean_person_name(name)
    except ValidationError as exc:
        errors["name"] = exc.messages
    try:
        phone = clean_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    if role not in Role.values:
        errors["role"] = ["请从列表中选择角色"]
    elif user.pk == actor.user.pk and role != membership.role:
        # An admin demoting themselves could leave the organisation with nobody to manage its users.
        errors["role"] = ["不能修改自己的角色"]
    if errors:
        raise ValidationError(errors)
    before = {"name": user.name, "phone": mask_phone(user.phone), "role": membership.role}
    user.name, user.phone = name, phone
    user.full_clean()
    # Saved even when nothing changed: confirming a user's details is what renews 最后编辑时间.
    user.save()
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    record(actor=actor, action="orgs.staff_user_update", obj=user, org=membership.org, before=before,
           after={"name": name, "phone": mask_phone(phone), "role": role})
    return membership


@transaction.atomic
def membership_set_active(*, actor, membership: Membership, is_active: bool) -> Membership:
    """禁止 / 启用 a user in this organisation; an account with no enabled membership left cannot log in."""
    actor = acting_of(actor)
    membership = _locked(actor, membership)
    if membership.user_id == actor.user.pk and not is_active:
        raise ValidationError("不能禁用自己的账号", code="self")
    membership.is_active = is_active
    membership.save(update_fields=["is_active"])
    user = membership.user
    user_active = user.memberships.filter(is_active=True).exists()
    if user.kind == User.Kind.STAFF and user.is_active != user_active:
        user.is_active = user_active
        user.save(update_fields=["is_active"])
    record(actor=actor, action="orgs.user_enable" if is_active else "orgs.user_disable", obj=user,
           org=membership.org, before={"is_active": not is_active}, after={"is_active": is_active})
    return membership


@transaction.atomic
def staff_user_reset_password(*, actor, membership: Membership) -> Membership:
    """重置密码: a temporary password goes to the user's phone by SMS, never to the admin's screen."""
    membership = _locked(actor, membership)
    user = membership.user
    if not user.phone:
        raise ValidationError("该用户未登记手机号码，请先修改信息填写手机号码", code="no_phone")
    password = set_temporary_password(user)
    # 最后编辑时间 stays: a reset does not confirm the user's details.
    user.save(update_fields=["password", "must_change_password"])
    from zhuanji.accounts.services.login import clear_backoff  # accounts' services import this package

    clear_backoff(user)  # the failed logins before the reset no longer hold the user up
    send_sms_after_commit(user.phone, f"【{settings.PLATFORM_NAME}】{membership.org.name}已为您重置密码，"
                                      f"用户名：{user.username}，临时密码：{secret(password)}，登录后须修改密码。")
    record(actor=actor, action="orgs.user_reset_password", obj=user, org=membership.org,
           after={"sms_to": mask_phone(user.phone)})
    return membership


@transaction.atomic
def membership_switch(*, actor, membership: Membership) -> Membership:
    """切换角色: the caller stores the chosen membership in the session; only the user's own enabled ones count."""
    if membership.user_id != actor.pk or not membership.is_active or not membership.org.is_active:
        raise PermissionDenied("不能切换到该角色")
    record(actor=actor, action="orgs.role_switch", obj=membership, org=membership.org,
           after={"role": membership.role_label, "org": membership.org.name})
    return membership

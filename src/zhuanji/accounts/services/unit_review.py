"""What a 单位注册's review decides (route "accounts.unit_registration"): its hooks, run inside the decision's
transaction, and what the login page tells the admin of a unit not (yet) approved."""

from django.conf import settings
from django.core.exceptions import ValidationError

from zhuanji.audit.services import SYSTEM, record
from zhuanji.orgs.acting import acting_of
from zhuanji.orgs.models import Organisation
from zhuanji.reviews.models import Action, CaseState

from ..models import UnitRegistration, User
from ..sms import send_sms_after_commit

# A 不通过原因 is texted in full, and a text message holds 500 characters with its sign and wording.
REFUSE_REASON_MAX = 300
PENDING_MESSAGE = "单位注册信息正在审核中，审核通过后即可登录"


def _sign(text: str) -> str:
    return f"【{settings.PLATFORM_NAME}】{text}"


def _who(actor):
    """The audit row's actor, as the office it acts for (a plain user acts in the role a session starts in)."""
    return actor if actor == SYSTEM else acting_of(actor)


def _locked_org(registration: UnitRegistration) -> Organisation:
    # Only the organisation's row: PostgreSQL refuses to lock the nullable side of the account's outer join.
    return (Organisation.objects.select_for_update(of=("self",)).select_related("registered_account")
            .get(pk=registration.org_id))


def unit_registration_approved(*, registration: UnitRegistration, actor) -> Organisation:
    """通过: the unit is enabled (offered as a 工作单位, its admin may log in); its contact is texted after commit."""
    org = _locked_org(registration)
    before = {"is_active": org.is_active}
    org.is_active = True
    org.save(update_fields=["is_active", "updated_at"])
    record(actor=_who(actor), action="unit_registration_approve", obj=org, before=before,
           after={"is_active": True, "case": registration.case_id})
    send_sms_after_commit(org.contact_phone, _sign(
        f"{org.name}的单位注册已审核通过，可使用统一社会信用代码或用户名{org.registered_account.username}登录。"))
    return org


def unit_registration_refused(*, registration: UnitRegistration, actor, reason: str) -> Organisation:
    """不通过: the unit stays disabled and its credit code is released, so it can register again once it has
    fixed what the reason says; the reason is texted to its contact after commit."""
    if len(reason) > REFUSE_REASON_MAX:
        raise ValidationError(f"不通过原因不能超过{REFUSE_REASON_MAX}个字", code="opinion_too_long")
    org = _locked_org(registration)
    before = {"credit_code": org.credit_code, "is_active": org.is_active}
    org.credit_code = None
    org.save(update_fields=["credit_code", "updated_at"])
    record(actor=_who(actor), action="unit_registration_refuse", obj=org, before=before,
           after={"credit_code": None, "is_active": org.is_active, "reason": reason})
    send_sms_after_commit(org.contact_phone, _sign(
        f"{org.name}的单位注册未通过，原因：{reason}。请修改后重新注册。"))
    return org


def unit_registration_refusal(user: User) -> ValidationError | None:
    """Why `user`, with no role to act in, may not log in: their unit's registration is pending
    (code "unit_pending") or was refused ("unit_refused", with the reason).

    None when the user has no such registration (an ordinary disabled membership is left to the usual rules).
    """
    registration = (UnitRegistration.objects.filter(org__memberships__user=user, org__memberships__is_active=True)
                    .select_related("case").order_by("-created_at", "-pk").first())
    if registration is None or registration.case.state == CaseState.APPROVED:
        return None
    case = registration.case
    if case.state in (CaseState.REFUSED, CaseState.CANCELLED):
        step = case.steps.filter(action__in=(Action.REFUSE, Action.CANCEL)).order_by("-seq").first()
        reason = step.opinion if step is not None and step.opinion else "请联系所在地人社部门"
        return ValidationError(f"单位注册未通过：{reason}", code="unit_refused")
    return ValidationError(PENDING_MESSAGE, code="unit_pending")

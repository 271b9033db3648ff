"""The organisation tree, maintained by platform admins (平台管理 › 机构管理)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from zhuanji.accounts.identifiers import clean_credit_code
from zhuanji.audit.services import record, snapshot
from zhuanji.common.numbering import next_number
from zhuanji.reviews.models import CaseState

from ..access import require_perm
from ..models import FOUNDER_KINDS, SUPERVISOR_KINDS, BaseProfile, CommitteeProfile, Organisation, OrgKind, Region

TREE_FIELDS = ("code", "name", "kind", "region", "parent", "credit_code")
# Units are numbered DWBH… (单位职称编码, what people search by); other kinds by the platform's own scheme.
CODE_PREFIXES = {OrgKind.UNIT: "DWBH"}
DEFAULT_CODE_PREFIX = "JGBH"


def _clean_tree_rules(org: Organisation, profile: dict) -> None:
    errors = {}
    if org.credit_code:
        try:
            org.credit_code = clean_credit_code(org.credit_code)
        except ValidationError as exc:
            errors["credit_code"] = exc.messages
    else:
        # NULL, not "", so the unique constraint allows many organisations without a credit code.
        org.credit_code = None
        if org.kind == OrgKind.UNIT:
            errors["credit_code"] = ["基层单位必须填写统一社会信用代码"]
    if org.parent_id and org.pk:
        ancestor = org.parent
        while ancestor is not None:
            if ancestor.pk == org.pk:
                errors["parent"] = ["上级单位不能是本单位或其下级单位"]
                break
            ancestor = ancestor.parent
    errors.update(_profile_errors(org, profile))
    if errors:
        raise ValidationError(errors)
    org.full_clean()


def _profile_errors(org: Organisation, profile: dict) -> dict:
    """A CE base needs its level and 主管单位; a committee's level is a region, its 组建单位 of a founding kind."""
    errors = {}
    if org.kind == OrgKind.CE_BASE:
        if not profile.get("base_level"):
            errors["base_level"] = ["继续教育基地必须选择基地级别"]
        if profile.get("supervisor") is None:
            errors["supervisor"] = ["继续教育基地必须选择主管单位"]
        elif profile["supervisor"].kind not in SUPERVISOR_KINDS:
            errors["supervisor"] = ["主管单位应为人社厅、地州人社局或行业主管部门"]
    if org.kind == OrgKind.COMMITTEE:
        founder = profile.get("founder")
        if founder is not None and (founder.kind not in FOUNDER_KINDS or founder.pk == org.pk):
            errors["founder"] = ["组建单位不能是评审委员会、继续教育基地或平台"]
    return errors


def _save_profile(org: Organisation, profile: dict) -> None:
    """Keep the kind's profile in step: a CE base's BaseProfile, a committee's CommitteeProfile (created with it)."""
    if org.kind == OrgKind.CE_BASE:
        BaseProfile.objects.update_or_create(
            base=org, defaults={"level": profile["base_level"], "supervisor": profile["supervisor"]})
    else:
        BaseProfile.objects.filter(base=org).delete()
    if org.kind == OrgKind.COMMITTEE:
        CommitteeProfile.objects.update_or_create(
            committee=org, defaults={"level": profile.get("committee_level") or org.region,
                                     "founder": profile.get("founder")})
    elif org.committee_scopes.exists():
        raise ValidationError({"kind": ["该评审委员会还有可评审专业，请先由职称办公室撤销后再修改机构类型"]})
    else:
        CommitteeProfile.objects.filter(committee=org).delete()


def _profile_snapshot(org: Organisation) -> dict:
    if org.kind == OrgKind.CE_BASE:
        profile = BaseProfile.objects.filter(base=org).first()
        return {"base_level": profile.level, "supervisor": str(profile.supervisor or "")} if profile else {}
    if org.kind == OrgKind.COMMITTEE:
        profile = CommitteeProfile.objects.filter(committee=org).select_related("level", "founder").first()
        return {"committee_level": str(profile.level), "founder": str(profile.founder or "")} if profile else {}
    return {}


@transaction.atomic
def org_create(*, actor, name: str, kind: str, region: Region, parent: Organisation | None = None,
               code: str = "", credit_code: str | None = None, base_level: str = "",
               supervisor: Organisation | None = None, committee_level: Region | None = None,
               founder: Organisation | None = None) -> Organisation:
    """Add an organisation; a CE base with its 基地级别 and 主管单位, a committee with its 评审级别 and 组建单位."""
    require_perm(actor, "platform.manage_orgs")
    profile = {"base_level": base_level, "supervisor": supervisor, "committee_level": committee_level,
               "founder": founder}
    org = Organisation(name=name.strip(), kind=kind, region=region, parent=parent, credit_code=credit_code)
    org.code = code.strip() or next_number(CODE_PREFIXES.get(kind, DEFAULT_CODE_PREFIX))
    _clean_tree_rules(org, profile)
    org.save()
    _save_profile(org, profile)
    record(actor=actor, action="orgs.org_create", obj=org,
           after=snapshot(org, TREE_FIELDS) | _profile_snapshot(org))
    return org


@transaction.atomic
def org_update(*, actor, org: Organisation, name: str, kind: str, region: Region,
               parent: Organisation | None = None, code: str, credit_code: str | None = None,
               base_level: str = "", supervisor: Organisation | None = None, committee_level: Region | None = None,
               founder: Organisation | None = None) -> Organisation:
    require_perm(actor, "platform.manage_orgs")
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    profile = {"base_level": base_level, "supervisor": supervisor, "committee_level": committee_level,
               "founder": founder}
    before = snapshot(org, TREE_FIELDS) | _profile_snapshot(org)
    org.name, org.kind, org.region, org.parent = name.strip(), kind, region, parent
    org.code, org.credit_code = code.strip(), credit_code
    _clean_tree_rules(org, profile)
    org.save()
    _save_profile(org, profile)
    record(actor=actor, action="orgs.org_update", obj=org, before=before,
           after=snapshot(org, TREE_FIELDS) | _profile_snapshot(org))
    return org


@transaction.atomic
def _registration_open(org: Organisation) -> bool:
    """The unit registered itself and its registration was not approved (pending, returned or refused)."""
    registration = getattr(org, "registration", None)
    return registration is not None and registration.case.state != CaseState.APPROVED


def org_set_active(*, actor, org: Organisation, is_active: bool) -> Organisation:
    require_perm(actor, "platform.manage_orgs")
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    if not is_active and org.kind == OrgKind.PLATFORM:
        raise ValidationError("不能停用平台管理机构", code="platform")
    if is_active and not org.is_active and _registration_open(org):
        # A registered unit is enabled by its registration's review, not around it.
        raise ValidationError("该单位的注册申请尚未审核通过，不能启用", code="registration_pending")
    before = {"is_active": org.is_active}
    org.is_active = is_active
    org.save(update_fields=["is_active", "updated_at"])
    record(actor=actor, action="orgs.org_enable" if is_active else "orgs.org_disable", obj=org, before=before,
           after={"is_active": is_active})
    return org

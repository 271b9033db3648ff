"""The organisation tree, maintained by platform admins (平台管理 › 机构管理)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from zhuanji.accounts.identifiers import clean_credit_code
from zhuanji.audit.services import record, snapshot
from zhuanji.common.numbering import next_number

from ..access import require_perm
from ..models import Organisation, OrgKind, Region

TREE_FIELDS = ("code", "name", "kind", "region", "parent", "credit_code", "base_level")
# Units are numbered DWBH… (单位职称编码, what people search by); other kinds by the platform's own scheme.
CODE_PREFIXES = {OrgKind.UNIT: "DWBH"}
DEFAULT_CODE_PREFIX = "JGBH"


def _clean_tree_rules(org: Organisation) -> None:
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
    if org.kind == OrgKind.CE_BASE and not org.base_level:
        errors["base_level"] = ["继续教育基地必须选择基地级别"]
    if org.kind != OrgKind.CE_BASE:
        org.base_level = ""
    if org.parent_id and org.pk:
        ancestor = org.parent
        while ancestor is not None:
            if ancestor.pk == org.pk:
                errors["parent"] = ["上级单位不能是本单位或其下级单位"]
                break
            ancestor = ancestor.parent
    if errors:
        raise ValidationError(errors)
    org.full_clean()


@transaction.atomic
def org_create(*, actor, name: str, kind: str, region: Region, parent: Organisation | None = None,
               code: str = "", credit_code: str | None = None, base_level: str = "") -> Organisation:
    require_perm(actor, "platform.manage_orgs")
    org = Organisation(name=name.strip(), kind=kind, region=region, parent=parent, credit_code=credit_code,
                       base_level=base_level)
    org.code = code.strip() or next_number(CODE_PREFIXES.get(kind, DEFAULT_CODE_PREFIX))
    _clean_tree_rules(org)
    org.save()
    record(actor=actor, action="orgs.org_create", obj=org, after=snapshot(org, TREE_FIELDS))
    return org


@transaction.atomic
def org_update(*, actor, org: Organisation, name: str, kind: str, region: Region,
               parent: Organisation | None = None, code: str, credit_code: str | None = None,
               base_level: str = "") -> Organisation:
    require_perm(actor, "platform.manage_orgs")
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    before = snapshot(org, TREE_FIELDS)
    org.name, org.kind, org.region, org.parent = name.strip(), kind, region, parent
    org.code, org.credit_code, org.base_level = code.strip(), credit_code, base_level
    _clean_tree_rules(org)
    org.save()
    record(actor=actor, action="orgs.org_update", obj=org, before=before, after=snapshot(org, TREE_FIELDS))
    return org


@transaction.atomic
def org_set_active(*, actor, org: Organisation, is_active: bool) -> Organisation:
    require_perm(actor, "platform.manage_orgs")
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    if not is_active and org.kind == OrgKind.PLATFORM:
        raise ValidationError("不能停用平台管理机构", code="platform")
    before = {"is_active": org.is_active}
    org.is_active = is_active
    org.save(update_fields=["is_active", "updated_at"])
    record(actor=actor, action="orgs.org_enable" if is_active else "orgs.org_disable", obj=org, before=before,
           after={"is_active": is_active})
    return org

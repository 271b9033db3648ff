"""证书丢失补办 and 证书信息更正: the holder applies, the issuer reviews on the engine, approval reissues."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from zhuanji.accounts.identifiers import clean_id_number, id_birth_date
from zhuanji.accounts.models import Person
from zhuanji.attachments.content import clean_name, clean_upload
from zhuanji.attachments.selectors import attachment_read
from zhuanji.attachments.services import SlotRule, attachment_add, attachment_set, slots_unmet
from zhuanji.attachments.storage import atomic
from zhuanji.audit.services import record
from zhuanji.common.files import EVIDENCE, PHOTO
from zhuanji.common.numbering import next_number
from zhuanji.reviews.models import CaseState
from zhuanji.reviews.services import case_open, case_submit

from ..models import CORRECTION_FIELDS, Certificate, CertificateRequest, CorrectionItem
from ..routes import ROUTE_KEYS
from .issuing import certificate_replace

NUMBER_PREFIXES = {CertificateRequest.Kind.LOSS: "ZSBB", CertificateRequest.Kind.CORRECTION: "ZSGZ"}
OPEN_STATES = (CaseState.DRAFT, CaseState.PENDING, CaseState.RETURNED, CaseState.WITHDRAWN)
# Profile fields kept in step with a correction, so later certificates and logins use the new values.
_PERSON_FIELDS = {CorrectionItem.GENDER: "gender", CorrectionItem.ETHNICITY: "ethnicity",
                  CorrectionItem.BIRTH_DATE: "birth_date", CorrectionItem.ID_NUMBER: "id_number"}
# What an application must carry when it is submitted.
SLOTS = (SlotRule(CertificateRequest.EVIDENCE_SLOT, "证明材料"),)


def _clean_changes(certificate: Certificate, changes: dict, new_photo) -> dict:
    cleaned = {}
    for code, value in changes.items():
        if code not in CORRECTION_FIELDS:
            raise ValidationError("变更项目不正确", code="bad_item")
        value = str(value or "").strip()
        if not value:
            raise ValidationError(f"请填写{CorrectionItem(code).label[3:]}的新内容", code="value_required")
        if code == CorrectionItem.ID_NUMBER:
            value = clean_id_number(value)
            if Person.objects.filter(id_number=value).exclude(user=certificate.holder_id).exists():
                raise ValidationError("该身份证号已被其他账号使用", code="id_taken")
        elif code == CorrectionItem.BIRTH_DATE:
            try:
                value = datetime.date.fromisoformat(value).isoformat()
            except ValueError as exc:
                raise ValidationError("出生日期格式应为YYYY-MM-DD", code="bad_date") from exc
        elif code == CorrectionItem.GENDER and value not in ("男", "女"):
            raise ValidationError("性别只能为男或女", code="bad_gender")
        if value == str(getattr(certificate, CORRECTION_FIELDS[code]) or ""):
            raise ValidationError(f"{CorrectionItem(code).label[3:]}与原证书相同，无需更正", code="unchanged")
        cleaned[code] = value
    if not cleaned and new_photo is None:
        raise ValidationError("请至少选择一项变更内容", code="no_changes")
    return cleaned


def request_create(*, actor, kind: str, certificate: Certificate, reason: str, evidence: list,
                   changes: dict | None = None, new_photo=None) -> CertificateRequest:
    """Create the application with its proof files and submit it to the issuing organisation."""
    if certificate.holder_id != actor.pk:
        raise PermissionDenied("只能为本人的证书提出申请")
    if not certificate.is_valid:
        raise ValidationError("该证书已废止，不能申请", code="void")
    if not evidence:
        raise ValidationError("请上传证明材料", code="evidence_required")
    # Every file checked (and images re-encoded) before anything is created; refusals name the file.
    evidence = [_clean(upload, EVIDENCE) for upload in evidence]
    changes = _clean_changes(certificate, changes or {}, new_photo) if kind == CertificateRequest.Kind.CORRECTION \
        else {}
    if new_photo is not None:
        new_photo = _clean(new_photo, PHOTO)
    with atomic():
        # The certificate's row lock makes the open-request check and the insert one step: six clicks at once
        # give one request.
        Certificate.objects.select_for_update().filter(pk=certificate.pk).first()
        if CertificateRequest.objects.filter(certificate=certificate, new_certificate__isnull=True,
                                             case__state__in=OPEN_STATES).exists():
            raise ValidationError("该证书已有办理中的申请，请勿重复提交", code="open_request")
        request = CertificateRequest(kind=kind, holder=actor, certificate=certificate, reason=reason.strip(),
                                     changes=changes, number=next_number(NUMBER_PREFIXES[kind], width=6, daily=True))
        request.full_clean(exclude=["case"])
        case_open(route_key=ROUTE_KEYS[kind], document=request, submitter=actor, year=timezone.localdate().year,
                  number=request.number, title=f"{request.get_kind_display()} {certificate.number}")
        for upload in evidence:
            attachment_add(actor=actor, owner=request, slot=CertificateRequest.EVIDENCE_SLOT, upload=upload,
                           rule=EVIDENCE)
        if new_photo is not None and kind == CertificateRequest.Kind.CORRECTION:
            attachment_add(actor=actor, owner=request, slot=CertificateRequest.NEW_PHOTO_SLOT, upload=new_photo,
                           rule=PHOTO)
        unmet = slots_unmet(request, SLOTS)
        if unmet:
            raise ValidationError(unmet, code="slots_unmet")
        record(actor=actor, action=f"certificates.request_{kind}", obj=request,
               after={"certificate": certificate.number, "items": sorted(changes)})
        request.case = case_submit(case=request.case, actor=actor)
    return request


def _clean(upload, rule):
    """`clean_upload`, its refusal naming the file (an application carries several)."""
    try:
        return clean_upload(upload, rule)
    except ValidationError as exc:
        name = clean_name(getattr(upload, "name", ""))
        raise ValidationError([ValidationError(f"{name}：{e.message}", code=e.code, params=e.params)
                               for e in exc.error_list]) from exc


def request_resubmit(*, actor, request: CertificateRequest) -> CertificateRequest:
    """Send a returned (or taken-back) application to the issuer again."""
    request.case = case_submit(case=request.case, actor=actor)
    return request


def _sync_person(*, actor, holder, changes: dict, photo: bytes | None) -> None:
    person = holder.person
    before = {"name": holder.name, **{f: getattr(person, f) for f in _PERSON_FIELDS.values()}}
    if CorrectionItem.NAME in changes:
        holder.name = changes[CorrectionItem.NAME]
    for code, field in _PERSON_FIELDS.items():
        if code in changes:
            value = changes[code]
            setattr(person, field, datetime.date.fromisoformat(value) if field == "birth_date" else value)
    if CorrectionItem.ID_NUMBER in changes:
        # Individuals log in by ID number: the account name follows the corrected number.
        holder.username = person.id_number
        if CorrectionItem.BIRTH_DATE not in changes:
            person.birth_date = id_birth_date(person.id_number)
    if photo is not None:
        attachment_set(actor=actor, owner=person, slot=Person.PHOTO_SLOT, upload=ContentFile(photo, name="photo"),
                       rule=PHOTO, audit_action="accounts.person_photo")
    holder.full_clean(exclude=["password"])
    holder.save()
    person.full_clean(exclude=["user", "work_unit"])
    person.save()
    record(actor=actor, action="accounts.person_corrected", obj=person, before=before,
           after={"name": holder.name, **{f: getattr(person, f) for f in _PERSON_FIELDS.values()}})


def request_fulfil(*, request: CertificateRequest, actor) -> Certificate:
    """On final approval (the engine's hook, inside its transaction): reissue, voiding the old certificate."""
    if request.kind == CertificateRequest.Kind.LOSS:
        new = certificate_replace(actor=actor, certificate=request.certificate, reason="证书丢失补办",
                                  reissue=True)
    else:
        fields = {CORRECTION_FIELDS[code]: value for code, value in request.changes.items()}
        if "birth_date" in fields:
            fields["birth_date"] = datetime.date.fromisoformat(fields["birth_date"])
        new_photo = request.new_photo
        photo = attachment_read(new_photo) if new_photo is not None else None
        new = certificate_replace(actor=actor, certificate=request.certificate, reason="证书信息更正，旧版证书废止",
                                  changes=fields, photo=photo)
        _sync_person(actor=actor, holder=request.holder, changes=request.changes, photo=photo)
    request.new_certificate = new
    request.save(update_fields=["new_certificate"])
    record(actor=actor, action="certificates.request_fulfilled", obj=request, after={"new": new.number})
    return new

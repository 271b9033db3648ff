"""Demo certificates for the demo individual: several valid, one void (lost and reissued), one corrected.

Issued through the same services as real ones (as SYSTEM: loading demo data is a platform action);
calling again for a holder who already has certificates does nothing.
"""

from zhuanji.audit.services import SYSTEM
from zhuanji.orgs.models import Organisation, OrgKind, Region

from .models import Certificate, CertificateKind
from .services import certificate_issue, certificate_replace


def _org(kind: str, **filters) -> Organisation:
    return Organisation.objects.filter(kind=kind, **filters).order_by("code").first()


def load_demo(*, person) -> list[Certificate]:
    if Certificate.objects.filter(holder=person).exists():
        return list(Certificate.objects.filter(holder=person))
    title_office = _org(OrgKind.TITLE_OFFICE, region__level=Region.Level.REGION)
    education = Organisation.objects.filter(code="ZGBM0001").first() or _org(OrgKind.COMPETENT_DEPARTMENT)
    base = _org(OrgKind.CE_BASE)

    title = certificate_issue(
        actor=SYSTEM, kind=CertificateKind.TITLE, holder=person, issuer=title_office, year=2022,
        series="教师系列", specialty="高校教师", qualification="副教授", level="副高",
        qualification_path="教师系列/高校教师/副教授(副高)", approval_document="新人社职字〔2022〕35号",
        source="demo:title")
    corrected = certificate_replace(actor=SYSTEM, certificate=title, reason="证书信息更正，旧版证书废止",
                                    changes={"specialty": "高校教师（计算机科学与技术）"})
    lost = certificate_issue(
        actor=SYSTEM, kind=CertificateKind.CE_PROFESSIONAL, holder=person, issuer=base, year=2022, hours=60,
        qualification_path="教师系列/高校教师/副教授(副高)", source="demo:ce2022")
    reissued = certificate_replace(actor=SYSTEM, certificate=lost, reason="证书丢失补办", reissue=True)
    public = certificate_issue(
        actor=SYSTEM, kind=CertificateKind.CE_PUBLIC, holder=person, issuer=base, year=2023, hours=30,
        qualification_path="公需科目", source="demo:gx2023")
    hours = certificate_issue(
        actor=SYSTEM, kind=CertificateKind.HOURS, holder=person, issuer=education, year=2023, filled_year=2023,
        hours=60, qualification_path="教师系列/高校教师/教授(正高)", source="demo:xsrd2023")
    return [title, corrected, lost, reissued, public, hours]

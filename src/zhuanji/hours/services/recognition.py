"""Final approval by the 认定单位: record the recognised hours, credit them to the yearly ledger (专业科目) and
issue the 学时认定 certificate."""

from django.utils import timezone

from zhuanji.audit.services import record
from zhuanji.certificates.models import CertificateKind
from zhuanji.certificates.services import certificate_issue
from zhuanji.reviews.models import Action

from ..models import Application, HoursKind
from ..selectors import application_total_hours
from .ledger import credit_hours


def application_source(application: Application) -> str:
    """What the recognition's ledger credit and certificate were for (one of each per source)."""
    return f"hours.Application:{application.pk}"


def application_recognize(*, application: Application, actor) -> None:
    """Runs inside the engine's approval transaction (route hook), so hours, credit and certificate land together."""
    step = application.case.steps.filter(action=Action.APPROVE).select_related("org").order_by("-seq").first()
    recognizer = step.org
    total = application_total_hours(application)
    application.recognized_hours = total
    application.recognized_at = timezone.now()
    application.recognized_by = recognizer
    application.save(update_fields=["recognized_hours", "recognized_at", "recognized_by", "updated_at"])
    qualification = application.qualification
    credit_hours(actor=actor, person=application.applicant, year=application.year, kind=HoursKind.PROFESSIONAL,
                 hours=total, source=application_source(application), credited_by=recognizer,
                 description=f"专业课学时认定 {application.number}（{qualification.path}）")
    certificate = certificate_issue(
        actor=actor, kind=CertificateKind.HOURS, holder=application.applicant, issuer=recognizer,
        year=application.year, source=application_source(application),
        series=qualification.specialty.series.name, specialty=qualification.specialty.name,
        qualification=qualification.name, level=qualification.get_level_display(),
        qualification_path=qualification.path, hours=total, filled_year=application.fill_year,
    )
    record(actor=actor, action="hours.recognize", obj=application, org=recognizer,
           after={"recognized_hours": total, "certificate": certificate.number})

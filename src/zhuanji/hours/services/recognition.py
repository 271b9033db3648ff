"""Final approval by the 认定单位: record the recognised hours and issue the 学时认定 certificate."""

from django.utils import timezone

from zhuanji.audit.services import record
from zhuanji.certificates.models import CertificateKind
from zhuanji.certificates.services import certificate_issue
from zhuanji.reviews.models import Action

from ..models import Application
from ..selectors import application_total_hours


def certificate_source(application: Application) -> str:
    return f"hours.Application:{application.pk}"


def application_recognize(*, application: Application, actor) -> None:
    """Runs inside the engine's approval transaction (route hook), so hours and certificate land together."""
    step = application.case.steps.filter(action=Action.APPROVE).select_related("org").order_by("-seq").first()
    recognizer = step.org
    total = application_total_hours(application)
    application.recognized_hours = total
    application.recognized_at = timezone.now()
    application.recognized_by = recognizer
    application.save(update_fields=["recognized_hours", "recognized_at", "recognized_by", "updated_at"])
    qualification = application.qualification
    certificate = certificate_issue(
        actor=actor, kind=CertificateKind.HOURS, holder=application.applicant, issuer=recognizer,
        year=application.year, source=certificate_source(application),
        series=qualification.specialty.series.name, specialty=qualification.specialty.name,
        qualification=qualification.name, level=qualification.get_level_display(),
        qualification_path=qualification.path, hours=total, filled_year=application.fill_year,
    )
    record(actor=actor, action="hours.recognize", obj=application, org=recognizer,
           after={"recognized_hours": total, "certificate": certificate.number})

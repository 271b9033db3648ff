"""Pages both sides see: the application's 详情 (every section, attachments, 流程日志); its files are served by
`attachments:download` (see `hours/attachments.py`)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from zhuanji.certificates.models import CertificateKind
from zhuanji.orgs.decorators import perm_required

from .. import selectors
from ..config import CATEGORIES, POLICY_DOCUMENTS


@login_required
def application_detail(request, pk):
    application = selectors.application_get_for_viewer(user=request.acting, pk=pk)
    summary, total = selectors.hours_summary(application)
    items = list(application.items.prefetch_related("evidence"))
    categories = [{"category": c, "items": [i for i in items if i.category == c.key]} for c in CATEGORIES]
    return render(request, "hours/detail.html", {
        "application": application, "categories": categories, "summary": summary, "total": total,
        "threshold": selectors.submission_threshold(application.year), "policies": POLICY_DOCUMENTS,
        "case": application.case,
        "is_applicant": application.applicant_id == request.user.pk,
    })


@perm_required("hours.apply")
def my_certificates(request):
    """我的证书 of this module: the certificates app's list shows 认定单位 and 签证状态 for this kind."""
    return redirect(f"{reverse('certificates:mine')}?kind={CertificateKind.HOURS}")

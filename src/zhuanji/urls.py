from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from .api import api
from .portal.views_public import healthz

urlpatterns = [
    path("", include("zhuanji.portal.urls")),
    path("accounts/", include("zhuanji.accounts.urls")),
    path("orgs/", include("zhuanji.orgs.urls")),
    path("catalog/", include("zhuanji.catalog.urls")),
    path("reviews/", include("zhuanji.reviews.urls")),
    path("certificates/", include("zhuanji.certificates.urls")),
    path("hours/", include("zhuanji.hours.urls")),
    path("filings/", include("zhuanji.filings.urls")),
    path("audit/", include("zhuanji.audit.urls")),
    path("attachments/", include("zhuanji.attachments.urls")),
    path("notifications/", include("zhuanji.notifications.urls")),
    path("integrations/", include("zhuanji.integrations.urls")),
    path("captcha/", include("captcha.urls")),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page links; unnamed, so it needs no access-matrix row.
    path("favicon.ico", RedirectView.as_view(url=lazy(static_url, str)("zhuanji/favicon.svg"), permanent=True)),
    path("api/v1/", api.urls),
]
# No URL serves MEDIA_ROOT or any stored file: they are private, served by permission-checked views.

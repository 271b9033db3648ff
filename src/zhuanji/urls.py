from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path

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
    path("audit/", include("zhuanji.audit.urls")),
    path("captcha/", include("captcha.urls")),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

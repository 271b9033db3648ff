from django.urls import path

from . import views_holder, views_issuer, views_public, views_requests
from .models import CertificateRequest

LOSS = {"kind": CertificateRequest.Kind.LOSS}
CORRECTION = {"kind": CertificateRequest.Kind.CORRECTION}

app_name = "certificates"
urlpatterns = [
    path("verify/", views_public.verify, name="verify"),
    path("v/<str:token>/", views_public.verify_qr, name="verify_qr"),
    path("mine/", views_holder.mine, name="mine"),
    path("<int:pk>/", views_holder.detail, name="detail"),
    path("<int:pk>/download/", views_holder.download, name="download"),
    path("issued/", views_issuer.issued, name="issued"),
    path("issued/export/", views_issuer.issued_export, name="issued_export"),
    path("bulk/", views_issuer.bulk_list, name="bulk_list"),
    path("bulk/new/", views_issuer.bulk_create, name="bulk_create"),
    path("bulk/<int:pk>/", views_issuer.bulk_detail, name="bulk_detail"),
    path("bulk/<int:pk>/start/", views_issuer.bulk_start, name="bulk_start"),
    path("loss/", views_requests.request_list, LOSS, name="loss_list"),
    path("loss/new/", views_requests.request_create_view, LOSS, name="loss_create"),
    path("correction/", views_requests.request_list, CORRECTION, name="correction_list"),
    path("correction/new/", views_requests.request_create_view, CORRECTION, name="correction_create"),
    path("requests/<int:pk>/", views_requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/resubmit/", views_requests.request_resubmit_view, name="request_resubmit"),
    path("requests/<int:pk>/evidence/<int:evidence_pk>/", views_requests.request_evidence, name="request_evidence"),
    path("requests/<int:pk>/photo/", views_requests.request_photo, name="request_photo"),
]

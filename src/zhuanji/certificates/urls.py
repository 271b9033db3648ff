from django.urls import path

from . import views_holder, views_issuer, views_keys, views_public, views_requests
from .models import CertificateRequest

LOSS = {"kind": CertificateRequest.Kind.LOSS}
CORRECTION = {"kind": CertificateRequest.Kind.CORRECTION}

app_name = "certificates"
urlpatterns = [
    path("verify/", views_public.verify, name="verify"),
    path("v/<str:token>/", views_public.verify_qr, name="verify_qr"),
    path("verify/file/", views_public.verify_file, name="verify_file"),
    path("verify/photo/<str:signed>/", views_public.verify_photo, name="verify_photo"),
    path("root.<str:fmt>", views_public.root_certificate, name="root_certificate"),
    path("keys/", views_keys.key_list, name="keys"),
    path("keys/rotate/", views_keys.key_rotate, name="key_rotate"),
    path("keys/<id:pk>/revoke/", views_keys.key_revoke, name="key_revoke"),
    path("mine/", views_holder.mine, name="mine"),
    path("<id:pk>/", views_holder.detail, name="detail"),
    path("<id:pk>/download/", views_holder.download, name="download"),
    path("issued/", views_issuer.issued, name="issued"),
    path("issued/export/", views_issuer.issued_export, name="issued_export"),
    path("bulk/", views_issuer.bulk_list, name="bulk_list"),
    path("bulk/new/", views_issuer.bulk_create, name="bulk_create"),
    path("bulk/<id:pk>/", views_issuer.bulk_detail, name="bulk_detail"),
    path("bulk/<id:pk>/start/", views_issuer.bulk_start, name="bulk_start"),
    path("loss/", views_requests.request_list, LOSS, name="loss_list"),
    path("loss/new/", views_requests.request_create_view, LOSS, name="loss_create"),
    path("correction/", views_requests.request_list, CORRECTION, name="correction_list"),
    path("correction/new/", views_requests.request_create_view, CORRECTION, name="correction_create"),
    path("requests/<id:pk>/", views_requests.request_detail, name="request_detail"),
    path("requests/<id:pk>/resubmit/", views_requests.request_resubmit_view, name="request_resubmit"),
]

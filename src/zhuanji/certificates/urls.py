from django.urls import path

from . import views_holder, views_issuer, views_public

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
]

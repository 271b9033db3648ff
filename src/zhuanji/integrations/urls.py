from django.urls import path

from . import views

app_name = "integrations"
urlpatterns = [
    path("clients/", views.client_index, name="client_list"),
    path("clients/new/", views.client_new, name="client_create"),
    path("clients/<id:pk>/edit/", views.client_edit, name="client_edit"),
    path("clients/<id:pk>/revoke/", views.client_revoke_view, name="client_revoke"),
    path("clients/<id:pk>/rotate/", views.client_rotate_view, name="client_rotate"),
]

from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("query/", views.query, name="query"),
    path("batch/", views.batch, name="batch"),
    path("<id:pk>/", views.case, name="case"),
    path("<id:pk>/flow/", views.flow, name="flow"),
    path("<id:pk>/act/form/", views.act_form, name="act_form"),
    path("<id:pk>/act/", views.act, name="act"),
    path("<id:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<id:pk>/cancel/", views.cancel, name="cancel"),
    path("<id:pk>/reopen/", views.reopen, name="reopen"),
]

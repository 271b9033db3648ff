from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("query/", views.query, name="query"),
    path("batch/", views.batch, name="batch"),
    path("<int:pk>/", views.case, name="case"),
    path("<int:pk>/flow/", views.flow, name="flow"),
    path("<int:pk>/act/form/", views.act_form, name="act_form"),
    path("<int:pk>/act/", views.act, name="act"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
]

from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.index, name="index"),
    path("<id:pk>/open/", views.open_one, name="open"),
    path("read-all/", views.read_all, name="read_all"),
]

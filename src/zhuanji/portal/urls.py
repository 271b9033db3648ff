from django.urls import path

from . import views_private, views_public

app_name = "portal"
urlpatterns = [
    path("", views_public.home, name="home"),
    path("matrix/", views_private.matrix, name="matrix"),
    path("my/", views_private.my_home, name="my_home"),
]

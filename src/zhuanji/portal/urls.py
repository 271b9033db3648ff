from django.urls import path

from . import views_admin, views_private, views_public

app_name = "portal"
urlpatterns = [
    path("", views_public.home, name="home"),
    path("region/", views_public.switch_region, name="switch_region"),
    path("service/<slug:slug>/", views_public.category, name="category"),
    path("notices/", views_public.notice_list, name="notices"),
    path("policies/", views_public.policy_list, name="policies"),
    path("help/", views_public.help_list, name="help"),
    path("notices/<id:pk>/", views_public.notice_detail, name="notice_detail"),
    path("search/", views_public.search, name="search"),
    path("contacts/", views_public.contacts, name="contacts"),
    path("certificate-lookup/", views_public.certificates, name="certificates"),
    path("matrix/", views_private.matrix, name="matrix"),
    path("my/", views_private.my_home, name="my_home"),
    path("manage/notices/", views_admin.manage_list, name="manage_notices"),
    path("manage/notices/add/", views_admin.notice_create, name="notice_create"),
    path("manage/notices/<id:pk>/edit/", views_admin.notice_edit, name="notice_edit"),
    path("manage/notices/<id:pk>/publish/", views_admin.notice_publish, name="notice_publish"),
    path("manage/notices/<id:pk>/unpublish/", views_admin.notice_unpublish, name="notice_unpublish"),
    path("manage/notices/<id:pk>/delete/", views_admin.notice_delete, name="notice_delete"),
]

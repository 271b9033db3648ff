from django.urls import path

from .views import committees, common, platform, units, users

app_name = "orgs"
urlpatterns = [
    path("switch/", common.switch, name="switch"),
    path("units/search/", common.unit_search_view, name="unit_search"),
    path("manage/", platform.org_index, name="org_list"),
    path("manage/new/", platform.org_new, name="org_create"),
    path("manage/<id:pk>/edit/", platform.org_edit, name="org_edit"),
    path("manage/<id:pk>/toggle/", platform.org_toggle, name="org_toggle"),
    path("users/", users.user_index, name="users"),
    path("users/new/", users.user_new, name="user_create"),
    path("users/<id:pk>/edit/", users.user_edit, name="user_edit"),
    path("users/<id:pk>/toggle/", users.user_toggle, name="user_toggle"),
    path("users/<id:pk>/reset-password/", users.user_reset_password, name="user_reset_password"),
    path("unit/info/", units.unit_info, name="unit_info"),
    path("unit/info/edit/", units.unit_info_edit, name="unit_info_edit"),
    path("unit/info/rename/", units.unit_rename_view, name="unit_rename"),
    path("unit/recommenders/", units.unit_recommenders, name="unit_recommenders"),
    path("unit/recommenders/<id:pk>/remove/", units.unit_recommender_remove_view, name="unit_recommender_remove"),
    path("committees/", committees.committee_index, name="committee_list"),
    path("committees/<id:pk>/", committees.committee_detail, name="committee_detail"),
    path("committees/<id:pk>/office/", committees.committee_office_edit, name="committee_office_edit"),
    path("committees/<id:pk>/contacts/add/", committees.committee_contact_new, name="committee_contact_add"),
    path("committees/<id:pk>/contacts/<id:contact_pk>/remove/", committees.committee_contact_delete,
         name="committee_contact_remove"),
    path("committees/<id:pk>/scopes/grant/", committees.committee_scope_new, name="committee_scope_grant"),
    path("committees/<id:pk>/scopes/<id:scope_pk>/revoke/", committees.committee_scope_delete,
         name="committee_scope_revoke"),
    path("committee/", committees.my_committee, name="my_committee"),
]

from django.urls import path

from .views import common, platform, units, users

app_name = "orgs"
urlpatterns = [
    path("switch/", common.switch, name="switch"),
    path("units/search/", common.unit_search_view, name="unit_search"),
    path("manage/", platform.org_index, name="org_list"),
    path("manage/new/", platform.org_new, name="org_create"),
    path("manage/<int:pk>/edit/", platform.org_edit, name="org_edit"),
    path("manage/<int:pk>/toggle/", platform.org_toggle, name="org_toggle"),
    path("users/", users.user_index, name="users"),
    path("users/new/", users.user_new, name="user_create"),
    path("users/<int:pk>/edit/", users.user_edit, name="user_edit"),
    path("users/<int:pk>/toggle/", users.user_toggle, name="user_toggle"),
    path("users/<int:pk>/reset-password/", users.user_reset_password, name="user_reset_password"),
    path("unit/info/", units.unit_info, name="unit_info"),
    path("unit/info/edit/", units.unit_info_edit, name="unit_info_edit"),
    path("unit/info/rename/", units.unit_rename_view, name="unit_rename"),
    path("unit/recommenders/", units.unit_recommenders, name="unit_recommenders"),
    path("unit/recommenders/<int:pk>/remove/", units.unit_recommender_remove_view, name="unit_recommender_remove"),
]

from django.urls import path

from .views import person, platform, public, recovery, registrations

app_name = "accounts"
urlpatterns = [
    path("login/", public.login_view, name="login"),
    path("logout/", public.logout_view, name="logout"),
    path("keepalive/", public.keepalive, name="keepalive"),
    path("register/", public.register, name="register"),
    path("register/person/", public.register_person, name="register_person"),
    path("register/unit/", public.register_unit, name="register_unit"),
    path("recover/", recovery.recover, name="recover"),
    path("recover/sms/", recovery.recover_sms, name="recover_sms"),
    path("recover/code/", recovery.recover_code, name="recover_code"),
    path("recover/reset/", recovery.recover_reset, name="recover_reset"),
    path("recover/ticket/", recovery.ticket_new, name="ticket_new"),
    path("recover/ticket/status/", recovery.ticket_status, name="ticket_status"),
    path("recover/ticket/object/<str:token>/", recovery.ticket_object, name="ticket_object"),
    path("profile/", person.profile, name="profile"),
    path("password/", person.password_change, name="password_change"),
    path("tickets/", platform.ticket_list, name="ticket_list"),
    path("tickets/<id:pk>/", platform.ticket_detail, name="ticket_detail"),
    path("tickets/<id:pk>/approve/", platform.ticket_approve, name="ticket_approve"),
    path("tickets/<id:pk>/reject/", platform.ticket_reject, name="ticket_reject"),
    path("sms/", platform.sms_list, name="sms_list"),
    path("unit-registrations/<id:pk>/", registrations.unit_registration_detail, name="unit_registration_detail"),
]

"""Pages for visitors: registration, login, logout, session keep-alive."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhuanji.common.net import client_ip
from zhuanji.common.views import apply_errors, next_url

from .. import services
from ..forms import LoginForm, PersonRegisterForm, UnitRegisterForm
from ..services.login import DEVICE_COOKIE, device_token, login_captcha_failed

BACKEND = settings.AUTHENTICATION_BACKENDS[0]


def register(request):
    return render(request, "accounts/register_choice.html")


def register_person(request):
    form = PersonRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.person_register(id_number=data["id_number"], name=data["name"],
                                            ethnicity=data["ethnicity"], phone=data["phone"],
                                            password=data["password"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"注册成功！请使用身份证号码 {user.username} 和密码登录。")
            return redirect("accounts:login")
    return render(request, "accounts/register_person.html",
                  {"form": form, "already_registered": form.has_error("id_number", "id_registered")})


def register_unit(request):
    form = UnitRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org, user = services.unit_register(
                credit_code=data["credit_code"], name=data["name"], region=data["region"],
                contact_name=data["contact_name"], contact_phone=data["contact_phone"], password=data["password"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return render(request, "accounts/register_unit_done.html",
                          {"org": org, "account": user, "reviewer": org.registration.case.current_org})
    return render(request, "accounts/register_unit.html",
                  {"form": form, "already_registered": form.has_error("credit_code", "credit_code_registered")})


def _next_url(request) -> str:
    return next_url(request, settings.LOGIN_REDIRECT_URL)


def login_view(request):
    timed_out = request.GET.get("timeout") == "1"
    if request.user.is_authenticated and request.method == "GET" and not timed_out:
        return redirect(_next_url(request))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():  # a wrong captcha stops here: no password is checked
        device = request.COOKIES.get(DEVICE_COOKIE, "")
        try:
            user = services.login_attempt(identifier=form.cleaned_data["identifier"],
                                          password=form.cleaned_data["password"], ip=client_ip(request),
                                          device=device)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend=BACKEND)
            response = redirect(_next_url(request))
            # A browser that logged in keeps its own failure count: strangers failing elsewhere don't hold it up.
            response.set_cookie(DEVICE_COOKIE, device_token(user, device), max_age=settings.LOGIN_DEVICE_COOKIE_AGE,
                                httponly=True, secure=settings.SESSION_COOKIE_SECURE, samesite="Lax")
            return response
    elif request.method == "POST" and form.has_error("captcha"):
        login_captcha_failed(identifier=form.cleaned_data.get("identifier", ""), ip=client_ip(request))
    return render(request, "accounts/login.html", {
        # Carried on only when it is a path of this site (what the redirect after login will accept).
        "form": form, "timed_out": timed_out, "next": next_url(request, ""),
    })


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        services.logout_record(actor=request.user, ip=client_ip(request))
    logout(request)
    return redirect("accounts:login")


@require_POST
def keepalive(request):
    """The idle warning's 继续使用: any authenticated request restarts the session clock."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "登录已超时，请重新登录"}, status=401)
    request.session.modified = True
    return HttpResponse(status=204)

"""个人中心 (logged-in individuals) and password change (any account)."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from zhuanji.orgs.decorators import perm_required

from .. import services
from ..forms import PasswordChangeForm, ProfileForm
from .public import apply_errors


@perm_required("person.profile")
def profile(request):
    person = request.user.person
    initial = {"ethnicity": person.ethnicity, "phone": request.user.phone, "education": person.education,
               "degree": person.degree, "work_unit": person.work_unit_id}
    form = ProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_profile_update(actor=request.user, person=person, ethnicity=data["ethnicity"],
                                           phone=data["phone"], education=data["education"],
                                           degree=data["degree"], work_unit=data["work_unit"],
                                           photo=data["photo"] or None)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "保存成功")
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "person": person})


@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.password_change(actor=request.user, old_password=form.cleaned_data["old_password"],
                                            new_password=form.cleaned_data["new_password"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, "密码修改成功")
            return redirect("accounts:password_change")
    return render(request, "accounts/password_change.html", {"form": form})

"""学时认定填报引导: ① 我的信息 ② 选择认定专业 ③ 认定单位.

Each step is saved in the person's draft (`forms.WIZARD`) as it is left — 下一步, 上一步 or 关闭 — so the steps
are still filled in after the session ends; 完成 lists every unmet condition at once, or makes the application
from the draft and removes the draft.
"""

from django import forms
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from zhuanji.common.params import parse_id
from zhuanji.common.views import run_service
from zhuanji.orgs.decorators import perm_required

from ..forms import WIZARD, MyInfoForm
from ..selectors import contact_hint, recognizers_for
from ..services import application_create

STEPS = tuple((number, section.label) for number, section in enumerate(WIZARD.sections, start=1))
LAST = len(STEPS)


def _profile_unit(user):
    """The 工作单位 of the person's profile, when it is one the wizard offers (an active 基层单位)."""
    person = getattr(user, "person", None)
    if person is None or person.work_unit_id is None:
        return None
    return MyInfoForm.base_fields["work_unit"].queryset.filter(pk=person.work_unit_id).first()


def _requested_step(request) -> int:
    """`?step=N` clamped to the steps there are; anything not a plain number reads as step 1."""
    return min(max(parse_id(request.GET.get("step")) or 1, 1), LAST)


def _url(request, step: int) -> str:
    return f"{request.path}?step={step}"


def _finish(request, draft) -> tuple[object, list[tuple[str, str]]]:
    """完成: the application made from the draft, or every unmet condition of the three steps."""
    unmet = WIZARD.unmet_conditions(draft)
    if unmet:
        return None, unmet
    info, chosen = WIZARD.cleaned(draft, "info"), WIZARD.cleaned(draft, "specialty")
    errors = forms.Form(data={})  # a service refusal (a race: created meanwhile in another tab) lands here
    application = run_service(errors, application_create, actor=request.user, area=info["area"],
                              work_unit=info["work_unit"], qualification=chosen["qualification"], draft=draft)
    return application, [(STEPS[-1][1], message) for message in errors.non_field_errors()]


@perm_required("hours.apply")
@require_http_methods(["GET", "POST"])
def wizard(request):
    draft = WIZARD.draft_get(request.user)
    step = _requested_step(request)
    section, form, unmet = WIZARD.sections[step - 1], None, []
    go = request.POST.get("go", "next")
    if request.method == "POST" and step == LAST and go in ("next", "finish"):
        application, unmet = _finish(request, draft)
        if application is not None:
            return redirect("hours:edit", pk=application.pk)
    elif request.method == "POST":
        # The posted step is saved even if an earlier one is not complete (any more): nothing typed is lost, and
        # the next page shown is still the first step not complete.
        saved = WIZARD.save_section(actor=request.user, key=section.key, data=request.POST, target=draft)
        if go == "prev":
            return redirect(_url(request, max(step - 1, 1)))
        if go == "close":
            return redirect("hours:list")
        if saved.complete:
            return redirect(_url(request, step + 1))
        form = saved.form
    else:
        incomplete = WIZARD.first_incomplete(draft)  # a step is shown once the ones before it are complete
        if incomplete is not None:
            step = min(step, WIZARD.sections.index(incomplete) + 1)
        section = WIZARD.sections[step - 1]
        initial = {"work_unit": _profile_unit(request.user)} if section.key == "info" else None
        form = WIZARD.form(section.key, draft, initial=initial)
    info = WIZARD.cleaned(draft, "info") or {}
    chosen = WIZARD.cleaned(draft, "specialty") or {}
    context = {"steps": STEPS, "step": step, "today": timezone.localdate(), "form": form, "unmet": unmet,
               "area": info.get("area"), "qualification": chosen.get("qualification")}
    if section.key == "recognizer" and info and chosen:
        context.update(recognizers=list(recognizers_for(area=info["area"], qualification=chosen["qualification"])),
                       contact_hint=contact_hint(info["area"]))
    return render(request, "hours/wizard.html", context)

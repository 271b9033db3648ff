"""学时认定填报引导: ① 我的信息 ② 选择认定专业 ③ 认定单位; the choices wait in the session until ③."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from zhuanji.catalog.selectors import qualifications_offered
from zhuanji.common.views import run_service
from zhuanji.orgs.decorators import perm_required
from zhuanji.orgs.models import Organisation, OrgKind

from ..forms import MyInfoForm, SpecialtyForm
from ..selectors import application_areas, contact_hint, recognizers_for
from ..services import application_create
from ..services.applications import validate_level

SESSION_KEY = "hours_wizard"
STEPS = ((1, "我的信息"), (2, "选择认定专业"), (3, "认定单位"))


def _state(request) -> dict:
    return dict(request.session.get(SESSION_KEY, {}))


def _chosen(state: dict):
    area = application_areas().filter(pk=state.get("area")).first()
    unit = Organisation.objects.filter(pk=state.get("work_unit"), kind=OrgKind.UNIT).first()
    qualification = qualifications_offered().filter(pk=state.get("qualification")).first()
    return area, unit, qualification


def _profile_unit(user):
    """The 工作单位 of the person's profile, when it is one the wizard offers (an active 基层单位)."""
    person = getattr(user, "person", None)
    if person is None or person.work_unit_id is None:
        return None
    return MyInfoForm.base_fields["work_unit"].queryset.filter(pk=person.work_unit_id).first()


@perm_required("hours.apply")
@require_http_methods(["GET", "POST"])
def wizard(request):
    state = _state(request)
    try:
        step = int(request.GET.get("step", 1))
    except ValueError:
        step = 1
    area, unit, qualification = _chosen(state)
    # A step can only be reached once the earlier ones are filled in.
    if step >= 2 and not (area and unit):
        step = 1
    if step == 3 and not qualification:
        step = 2
    context = {"steps": STEPS, "step": step, "today": timezone.localdate(), "area": area, "unit": unit,
               "qualification": qualification}
    if step == 1:
        # The profile's 工作单位 is the likely answer; the person can still choose another.
        initial_unit = unit or (None if request.method == "POST" else _profile_unit(request.user))
        form = MyInfoForm(request.POST or None, initial={"area": area, "work_unit": initial_unit})
        if request.method == "POST" and form.is_valid():
            state.update(area=form.cleaned_data["area"].pk, work_unit=form.cleaned_data["work_unit"].pk)
            request.session[SESSION_KEY] = state
            return redirect(f"{request.path}?step=2")
    elif step == 2:
        form = SpecialtyForm(request.POST or None, initial={"qualification": qualification})
        if request.method == "POST" and form.is_valid():
            try:
                validate_level(area=area, qualification=form.cleaned_data["qualification"])
            except ValidationError as exc:
                form.add_error("qualification", exc.message_dict.get("qualification", exc.messages))
            else:
                state["qualification"] = form.cleaned_data["qualification"].pk
                request.session[SESSION_KEY] = state
                return redirect(f"{request.path}?step=3")
    else:
        form = SpecialtyForm(data={"qualification": qualification.pk})
        form.is_valid()
        context.update(recognizers=list(recognizers_for(area=area, qualification=qualification)),
                       contact_hint=contact_hint(area))
        if request.method == "POST":
            application = run_service(form, application_create, actor=request.user, area=area, work_unit=unit,
                                      qualification=qualification)
            if application is not None:
                request.session.pop(SESSION_KEY, None)
                return redirect("hours:edit", pk=application.pk)
    context["form"] = form
    return render(request, "hours/wizard.html", context)

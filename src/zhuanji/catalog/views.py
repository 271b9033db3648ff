"""Catalog pages: the picker's options (any signed-in user) and the platform administrator's pages."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhuanji.audit.services import record
from zhuanji.common.pagination import paginate
from zhuanji.common.params import parse_id
from zhuanji.common.views import next_url
from zhuanji.orgs.decorators import perm_required

from . import selectors
from .forms import CatalogUploadForm, QualificationFilterForm, SeriesFilterForm, SpecialtyFilterForm
from .importer import CatalogFileError, write_csv
from .models import Qualification
from .scopes import CatalogScope
from .services import MANAGE, catalog_import, qualification_set_exam_only


@login_required
@require_GET
def options(request):
    """The picker's next column as `<option>`s: ?series= → 专业, ?specialty= → 资格, ?q= → matching 资格.

    `exclude_exam_only=1` and a signed `scope` token (the field's scope) narrow them as the field does; a token
    that does not verify offers nothing.
    """
    exclude = request.GET.get("exclude_exam_only") == "1"
    scope = None
    if request.GET.get("scope"):
        scope = CatalogScope.from_token(request.GET["scope"])
        if scope is None:
            return render(request, "catalog/_options.html", {"specialties": None, "qualifications": ()})
    narrow = {"exclude_exam_only": exclude, "scope": scope}
    context = {"specialties": None, "qualifications": (), "with_path": False}
    series, specialty = parse_id(request.GET.get("series")), parse_id(request.GET.get("specialty"))
    if series is not None:
        context["specialties"] = selectors.specialty_list(series, **narrow)
    elif specialty is not None:
        context["qualifications"] = selectors.qualification_list(specialty, **narrow)
    elif request.GET.get("q", "").strip():
        found = selectors.qualification_search(request.GET["q"].strip()[:50])
        if exclude:
            found = found.filter(exam_only=False)
        context["qualifications"] = (scope.filter(found) if scope is not None else found)[:50]
        context["with_path"] = True
    return render(request, "catalog/_options.html", context)


@perm_required(MANAGE)
@require_GET
def series_list(request):
    form = SeriesFilterForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    page = paginate(request, selectors.series_overview(q))
    return render(request, "catalog/manage/series_list.html", {"form": form, "page": page, "tab": "series"})


@perm_required(MANAGE)
@require_GET
def specialty_list(request):
    form = SpecialtyFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, selectors.specialty_search(data.get("q", ""), series=data.get("series")))
    return render(request, "catalog/manage/specialty_list.html", {"form": form, "page": page, "tab": "specialties"})


@perm_required(MANAGE)
@require_GET
def qualification_list(request):
    form = QualificationFilterForm(request.GET or None)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    qs = selectors.qualification_search(data.get("q", ""), series=data.get("series"), level=data.get("level", ""),
                                        exam_only=form.exam_only_value() if valid else None, active_only=False)
    page = paginate(request, qs)
    return render(request, "catalog/manage/qualification_list.html",
                  {"form": form, "page": page, "tab": "qualifications"})


@perm_required(MANAGE)
@require_POST
def qualification_exam_only(request, pk):
    qualification = get_object_or_404(Qualification.objects.with_path(), pk=pk)
    qualification = qualification_set_exam_only(actor=request.acting, qualification=qualification,
                                                exam_only=request.POST.get("exam_only") == "1")
    if request.htmx:
        return render(request, "catalog/manage/_exam_only.html", {"q": qualification})
    state = "设为" if qualification.exam_only else "取消"
    messages.success(request, f"已{state}以考代评：{qualification.path}")
    return redirect(next_url(request, "catalog:qualification_list"))


@perm_required(MANAGE)
@require_http_methods(["GET", "POST"])
def catalog_upload(request):
    form = CatalogUploadForm(request.POST, request.FILES) if request.method == "POST" else CatalogUploadForm()
    errors = []
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = catalog_import(actor=request.acting, data=upload.read(), filename=upload.name,
                                    replace=form.cleaned_data["replace"])
        except CatalogFileError as exc:
            errors = exc.errors
        else:
            messages.success(request, f"导入成功。{result.summary}")
            return redirect("catalog:qualification_list")
    return render(request, "catalog/manage/upload.html", {"form": form, "errors": errors, "tab": "upload"})


@perm_required(MANAGE)
@require_GET
def catalog_export(request):
    stream = io.StringIO()
    write_csv(selectors.qualification_search(), stream)
    record(actor=request.acting, action="catalog.export", object_type="catalog", object_repr="catalog.csv")
    response = HttpResponse(("\ufeff" + stream.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="catalog.csv"'
    return response

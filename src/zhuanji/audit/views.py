"""平台管理 › 审计日志: search the audit log. Personal numbers are masked on display, never shown raw."""

from django.shortcuts import get_object_or_404, render

from zhuanji.common.pagination import paginate
from zhuanji.orgs.decorators import perm_required

from .forms import AuditFilterForm
from .models import AuditEntry
from .selectors import audit_entry_list

VIEW_PERM = "platform.view_audit"


@perm_required(VIEW_PERM)
def entry_list(request):
    form = AuditFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entry_list(
        keyword=(filters.get("keyword") or "").strip(), action=(filters.get("action") or "").strip(),
        date_from=filters.get("date_from"), date_to=filters.get("date_to"),
    )
    return render(request, "audit/entry_list.html", {"form": form, "page": paginate(request, entries, default_size=20)})


@perm_required(VIEW_PERM)
def entry_detail(request, pk):
    entry = get_object_or_404(AuditEntry.objects.select_related("org"), pk=pk)
    keys = sorted(set(entry.before) | set(entry.after))
    changes = [(k, entry.before.get(k, ""), entry.after.get(k, "")) for k in keys]
    template = "audit/_entry_detail.html" if request.htmx else "audit/entry_detail.html"
    return render(request, template, {"entry": entry, "changes": changes})

"""平台管理 › 审计日志: search the audit log. Personal numbers are masked on display, never shown raw.

Reading the log is itself audited: each list page with the filters used, each entry opened.
"""

from django.shortcuts import get_object_or_404, render

from zhuanji.common.pagination import paginate
from zhuanji.orgs.decorators import perm_required

from .forms import AuditFilterForm
from .models import AuditEntry
from .selectors import audit_entry_list
from .services import record

VIEW_PERM = "platform.view_audit"


@perm_required(VIEW_PERM)
def entry_list(request):
    form = AuditFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entry_list(
        keyword=(filters.get("keyword") or "").strip(), action=(filters.get("action") or "").strip(),
        date_from=filters.get("date_from"), date_to=filters.get("date_to"),
    )
    page = paginate(request, entries, default_size=20)
    response = render(request, "audit/entry_list.html", {"form": form, "page": page})
    # After rendering, so the page does not list its own viewing.
    record(actor=request.acting, action="audit.log_view", object_type="audit.auditentry",
           object_repr="审计日志", after={**{k: v for k, v in filters.items() if v}, "page": page.number,
                                        "rows": page.paginator.count})
    return response


@perm_required(VIEW_PERM)
def entry_detail(request, pk):
    entry = get_object_or_404(AuditEntry.objects.select_related("org"), pk=pk)
    keys = sorted(set(entry.before) | set(entry.after))
    changes = [(k, entry.before.get(k, ""), entry.after.get(k, "")) for k in keys]
    template = "audit/_entry_detail.html" if request.htmx else "audit/entry_detail.html"
    response = render(request, template, {"entry": entry, "changes": changes})
    record(actor=request.acting, action="audit.entry_view", obj=entry,
           object_repr=f"{entry.action} #{entry.pk}", after={"action": entry.action, "entry": entry.pk})
    return response

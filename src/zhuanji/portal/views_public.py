"""Public pages: home, category pages, notice lists and details, search, contacts, region switcher, health."""

from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhuanji.common.pagination import paginate
from zhuanji.common.views import next_url
from zhuanji.orgs.models import Region

from . import regions, selectors
from .categories import CATEGORY_PAGES, CERTIFICATE_VERIFY_URL_NAME, certificate_lookup_url, resolved_links
from .forms import ContactFilterForm, SearchForm
from .menus import url_or_none
from .models import Notice

HOME_LIST_LENGTH = 7

# The list pages by kind: (page title, Notice.Kind).
LIST_PAGES = {
    "notices": ("通知公告", Notice.Kind.NOTICE),
    "policies": ("政策法规", Notice.Kind.POLICY),
    "help": ("在线帮助", Notice.Kind.GUIDE),
}


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as exc:  # a health check reports, never raises
        database = f"error: {exc.__class__.__name__}"
    status = 200 if database == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "degraded", "database": database,
                         "vendor": connection.vendor}, status=status)


def home(request):
    region = regions.selected_region(request)

    def latest(kind, length=HOME_LIST_LENGTH):
        return list(selectors.notice_list_public(kind=kind, region=region)[:length])

    return render(request, "portal/home.html", {
        "notices": latest(Notice.Kind.NOTICE),
        "policies": latest(Notice.Kind.POLICY),
        "guides": latest(Notice.Kind.GUIDE, 8),
        "certificate_url": certificate_lookup_url(),
    })


def category(request, slug):
    page_def = CATEGORY_PAGES.get(slug)
    if page_def is None:
        raise Http404
    region = regions.selected_region(request)
    notices = selectors.notice_list_public(category=page_def.category, region=region).exclude(
        kind=Notice.Kind.GUIDE)
    return render(request, "portal/category.html", {
        "category": page_def,
        "page": paginate(request, notices),
        "guides": list(selectors.notice_list_public(kind=Notice.Kind.GUIDE, category=page_def.category,
                                                    region=region)[:10]),
        "links": resolved_links(page_def),
    })


def _notice_list(request, key):
    title, kind = LIST_PAGES[key]
    notices = selectors.notice_list_public(kind=kind, region=regions.selected_region(request))
    return render(request, "portal/notice_list.html", {"title": title, "page": paginate(request, notices)})


def notice_list(request):
    return _notice_list(request, "notices")


def policy_list(request):
    return _notice_list(request, "policies")


def help_list(request):
    return _notice_list(request, "help")


def notice_detail(request, pk):
    try:
        notice = selectors.notice_get_public(pk=pk)
    except Notice.DoesNotExist as exc:
        raise Http404 from exc
    list_key = next(key for key, (_, kind) in LIST_PAGES.items() if kind == notice.kind)
    return render(request, "portal/notice_detail.html", {
        "notice": notice, "list_title": LIST_PAGES[list_key][0], "list_url_name": f"portal:{list_key}",
    })


def search(request):
    form = SearchForm(request.GET)
    keyword = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = None
    if keyword:
        page = paginate(request, selectors.notice_list_public(keyword=keyword, all_regions=True))
    return render(request, "portal/search.html", {"form": form, "keyword": keyword, "page": page})


def contacts(request):
    params = request.GET.copy()
    if "region" not in params:
        # Without an explicit choice the lookup follows the region switcher, as the old 地州首页 did.
        selected = regions.selected_region(request)
        params["region"] = selected.code if selected else ""
    form = ContactFilterForm(params)
    region, keyword = None, ""
    if form.is_valid():
        region, keyword = form.cleaned_data["region"], form.cleaned_data["keyword"].strip()
    committees = selectors.committee_contact_list(region=region, region_level=region is None, keyword=keyword)
    return render(request, "portal/contacts.html", {"form": form, "region": region,
                                                    "page": paginate(request, committees)})


def certificates(request):
    return render(request, "portal/certificates.html",
                  {"verify_url": url_or_none(CERTIFICATE_VERIFY_URL_NAME)})


@require_POST
def switch_region(request):
    code = request.POST.get("region", "")
    region = Region.objects.filter(code=code).first() if code else None
    if region is None or region.is_region:
        request.session.pop(regions.SESSION_KEY, None)
    else:
        request.session[regions.SESSION_KEY] = region.code
    return redirect(next_url(request, "portal:home"))

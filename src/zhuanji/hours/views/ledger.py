"""The yearly hours ledger's pages: 我的学时 (the person's own account) and 学时查询 (a unit's people)."""

from django.shortcuts import render

from zhuanji.common.pagination import paginate
from zhuanji.orgs.decorators import perm_required

from .. import selectors
from ..ledger_forms import AccountFilterForm, UnitAccountFilterForm


@perm_required("hours.account")
def my_account(request):
    form = AccountFilterForm(request.GET or None)
    year = form.selected_year()
    account = selectors.hours_account(request.user, year)
    return render(request, "hours/account.html", {"form": form, "account": account, "title": "我的学时"})


@perm_required(selectors.UNIT_ACCOUNTS_PERM)
def unit_accounts(request):
    form = UnitAccountFilterForm(request.GET or None)
    year = form.selected_year()
    threshold = selectors.threshold_for(year)
    page = paginate(request, selectors.unit_account_list(actor=request.acting, year=year, **form.filters()))
    page.object_list = selectors.account_rows(page.object_list, year=year, threshold=threshold)
    return render(request, "hours/unit_accounts.html", {"form": form, "page": page, "year": year,
                                                        "threshold": threshold})


@perm_required(selectors.UNIT_ACCOUNTS_PERM)
def unit_account_detail(request, pk):
    form = AccountFilterForm(request.GET or None)
    account = selectors.unit_account_get(actor=request.acting, pk=pk, year=form.selected_year())
    return render(request, "hours/account.html", {"form": form, "account": account, "title": "学时详情",
                                                  "unit_view": True})

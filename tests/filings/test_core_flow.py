"""The whole path through the services: filed, returned, fixed, resubmitted, received, windows open."""

import datetime

import pytest

from zhuanji.filings import services
from zhuanji.filings.models import Window
from zhuanji.filings.selectors import open_windows
from zhuanji.portal.models import Notice
from zhuanji.reviews.models import CaseState
from zhuanji.reviews.services import case_act

from .conftest import PLAN, make_ready

pytestmark = pytest.mark.django_db


def test_filed_returned_fixed_received_opens_windows(fw):
    filing = make_ready(fw)
    assert services.FILING.unmet_conditions(filing) == []
    services.filing_submit(actor=fw.admin, filing=filing)
    filing.case.refresh_from_db()
    assert filing.case.state == CaseState.PENDING and filing.case.current_org == fw.office
    case_act(case=filing.case, actor=fw.office_staff, decision="return", opinion="上会时间请推后")
    filing.case.refresh_from_db()
    assert filing.case.state == CaseState.RETURNED
    services.filing_plan_all(actor=fw.clerk, filing=filing, **{**PLAN, "meeting_date": datetime.date(2026, 10, 20)})
    services.filing_submit(actor=fw.clerk, filing=filing)
    filing.case.refresh_from_db()
    case_act(case=filing.case, actor=fw.office_staff, decision="receive", opinion="")
    filing.refresh_from_db()
    assert filing.case.state == CaseState.APPROVED
    assert Window.objects.filter(filing=filing).count() == filing.items.count() == 2
    on = datetime.date(2026, 9, 1)
    assert open_windows(region=fw.world.urumqi, on=on).count() == 2
    assert open_windows(region=fw.world.region, on=on).count() == 0
    assert filing.notice.is_published and filing.notice.region == fw.world.urumqi
    assert Notice.objects.filter(pk=filing.notice.pk, category=Notice.Category.TITLES).exists()

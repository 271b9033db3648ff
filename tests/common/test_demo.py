"""`manage.py load_demo`: every demo account, loaded through the services, twice without error."""

import io

import pytest
from django.core.management import call_command

from zhuanji.accounts.models import UnitRegistration
from zhuanji.common import demo
from zhuanji.orgs.acting import acting_of
from zhuanji.orgs.models import Organisation, OrgKind
from zhuanji.orgs.selectors import unit_search
from zhuanji.reviews.models import CaseState
from zhuanji.reviews.selectors import case_queue

pytestmark = pytest.mark.django_db


def test_load_demo_twice_approves_the_demo_units_and_leaves_one_registration_to_review(
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    for code in (demo.UNIT_CREDIT_CODE, demo.OTHER_UNIT_CREDIT_CODE):
        unit = Organisation.objects.get(credit_code=code)
        assert unit.is_active and unit.registration.case.state == CaseState.APPROVED
    # Each by its own office: the 人社厅 for the 自治区 unit, the 喀什 人社局 (given a reviewer) for the other.
    assert Organisation.objects.get(credit_code=demo.UNIT_CREDIT_CODE).registration.case.steps.last().org.code \
        == "RST650000"
    assert Organisation.objects.get(credit_code=demo.OTHER_UNIT_CREDIT_CODE).registration.case.steps.last().org.code \
        == "RSJ653100"

    pending = UnitRegistration.objects.get(credit_code=demo.PENDING_UNIT_CREDIT_CODE)
    assert not pending.org.is_active and pending.case.state == CaseState.PENDING
    assert not unit_search(keyword=demo.PENDING_UNIT_NAME).exists()
    bureau_reviewer = Organisation.objects.get(code="RSJ650100").memberships.get(user__name="阿依古丽·吐尔逊").user
    assert list(case_queue(user=acting_of(bureau_reviewer)).filter(route="accounts.unit_registration")) \
        == [pending.case]

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    assert Organisation.objects.filter(kind=OrgKind.UNIT, name=demo.PENDING_UNIT_NAME).count() == 1
    assert UnitRegistration.objects.count() == 3
    assert "待审核单位管理员" in {row.role for row in demo.demo_accounts()}

"""The yearly hours ledger: `credit_hours` (one credit per source and kind), recognition writing its credit in the
approval transaction, and `hours_account` (totals against the province's requirement)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from zhuanji.audit.labels import action_label
from zhuanji.audit.models import AuditEntry
from zhuanji.audit.services import SYSTEM
from zhuanji.certificates.models import Certificate
from zhuanji.hours.models import DUPLICATE_CREDIT, HoursCredit, HoursKind, HoursThreshold
from zhuanji.hours.selectors import hours_account, submission_threshold, threshold_for
from zhuanji.hours.services import application_submit, credit_hours
from zhuanji.reviews.models import CaseState
from zhuanji.reviews.services import case_approve

from ..factories import PersonUserFactory
from .conftest import THRESHOLD_DOCUMENT

YEAR = 2026


def _credit(hw, *, kind=HoursKind.PROFESSIONAL, hours=60, source="hours.Application:1", person=None, year=YEAR,
            actor=None, credited_by=None):
    return credit_hours(actor=actor or hw.competent_staff, person=person or hw.person, year=year, kind=kind,
                        hours=hours, source=source, credited_by=credited_by or hw.competent,
                        description="专业课学时认定 SQ20260310000001（教师系列/高校教师/教授(正高)）")


class TestCredit:
    def test_writes_the_credit_and_its_audit_row(self, hw):
        credit = _credit(hw, hours=60)
        credit.refresh_from_db()
        assert (credit.person, credit.year, credit.kind, credit.hours, credit.credited_by) == (
            hw.person, YEAR, HoursKind.PROFESSIONAL, Decimal(60), hw.competent)
        entry = AuditEntry.objects.get(action="hours.credit", object_id=str(credit.pk))
        assert entry.org == hw.competent and entry.actor == hw.competent_staff
        assert entry.after == {"person": hw.person.pk, "year": YEAR, "kind": "professional", "hours": "60",
                               "source": "hours.Application:1"}
        assert action_label("hours.credit") == "记入学时"

    def test_a_source_is_credited_once_per_kind(self, hw):
        _credit(hw, source="training.Enrolment:7")
        with pytest.raises(ValidationError) as exc:
            _credit(hw, source="training.Enrolment:7", hours=10)
        assert exc.value.messages == [DUPLICATE_CREDIT] == ["该来源的学时已记入，不能重复记入"]
        # The same source may credit the other kind once (a class with 公需 and 专业 courses).
        _credit(hw, source="training.Enrolment:7", kind=HoursKind.PUBLIC, hours=30)
        assert HoursCredit.objects.filter(source="training.Enrolment:7").count() == 2

    def test_the_database_refuses_a_second_row_for_a_source(self, hw):
        credit = _credit(hw)
        twin = HoursCredit(person=hw.other_person, year=YEAR + 1, kind=credit.kind, hours=1, source=credit.source,
                           credited_by=hw.hr_bureau, description="重复")
        with pytest.raises(ValidationError) as exc:
            twin.full_clean()
        assert exc.value.messages == [DUPLICATE_CREDIT]
        with pytest.raises(IntegrityError), transaction.atomic():
            twin.save()

    def test_a_race_past_the_check_gets_the_same_message(self, hw, monkeypatch):
        _credit(hw)
        monkeypatch.setattr(HoursCredit, "validate_constraints", lambda self, exclude=None: None)
        with pytest.raises(ValidationError) as exc:
            _credit(hw)
        assert exc.value.messages == [DUPLICATE_CREDIT]
        assert HoursCredit.objects.count() == 1

    def test_half_hours_are_kept_exactly(self, hw):
        _credit(hw, hours="1.5", source="a")
        _credit(hw, hours=Decimal("0.5"), source="b")
        assert hours_account(hw.person, YEAR).professional == Decimal("2.0")

    @pytest.mark.parametrize("hours", [0, -3, "abc", "123456.5", "1.25"])
    def test_hours_must_be_a_positive_amount(self, hw, hours):
        with pytest.raises(ValidationError):
            _credit(hw, hours=hours)
        assert not HoursCredit.objects.exists()

    def test_only_a_person_is_credited(self, hw):
        with pytest.raises(ValidationError, match="只能为个人用户记入学时"):
            _credit(hw, person=hw.unit_admin)

    def test_the_actor_credits_only_in_their_own_organisation_name(self, hw):
        with pytest.raises(PermissionDenied):
            _credit(hw, credited_by=hw.hr_bureau)  # 教育厅's reviewer, crediting as 乌市人社局
        with pytest.raises(PermissionDenied):
            _credit(hw, actor=hw.unit_admin, credited_by=hw.unit)  # a unit does not credit hours
        with pytest.raises(PermissionDenied):
            _credit(hw, actor=hw.person)
        assert not HoursCredit.objects.exists()

    def test_another_module_credits_as_the_system(self, hw):
        # What an import or the learning platform's report does: no acting user, the crediting organisation named.
        credit = _credit(hw, actor=SYSTEM, kind=HoursKind.PUBLIC, hours=30, source="training.CourseResult:3",
                         credited_by=hw.ce_base)
        entry = AuditEntry.objects.get(action="hours.credit", object_id=str(credit.pk))
        assert entry.actor is None and entry.org == hw.ce_base
        assert hours_account(hw.person, YEAR).public == 30


class TestRecognitionCredits:
    def _approve(self, hw, ready):
        application_submit(actor=hw.person, application=ready)
        ready.case.refresh_from_db()
        case = case_approve(case=ready.case, actor=hw.unit_admin, opinion="同意推荐", next_org=hw.competent)
        return case_approve(case=case, actor=hw.competent_staff, opinion="同意认定")

    def test_recognition_writes_exactly_one_professional_credit(self, hw, ready):
        self._approve(hw, ready)
        credit = HoursCredit.objects.get()
        assert (credit.person, credit.year, credit.kind, credit.hours, credit.credited_by, credit.source) == (
            hw.person, ready.year, HoursKind.PROFESSIONAL, Decimal(60), hw.competent, f"hours.Application:{ready.pk}")
        assert credit.description == f"专业课学时认定 {ready.number}（教师系列/高校教师/教授(正高)）"
        account = hours_account(hw.person, ready.year)
        assert (account.professional, account.professional_met, account.public_met) == (60, True, False)

    def test_credit_and_approval_share_one_transaction(self, hw, ready):
        # The source already credited (say, by a faulty import): the approval is refused and changes nothing.
        credit_hours(actor=SYSTEM, person=hw.person, year=ready.year, kind=HoursKind.PROFESSIONAL, hours=5,
                     source=f"hours.Application:{ready.pk}", credited_by=hw.competent, description="导入")
        with pytest.raises(ValidationError, match=DUPLICATE_CREDIT):
            self._approve(hw, ready)
        ready.case.refresh_from_db()
        ready.refresh_from_db()
        assert (ready.case.state, ready.case.node) == (CaseState.PENDING, "recognizer")
        assert ready.recognized_hours is None
        assert HoursCredit.objects.count() == 1 and not Certificate.objects.exists()


class TestAccount:
    def test_totals_and_thresholds(self, hw):
        _credit(hw, kind=HoursKind.PUBLIC, hours=20, source="p1")
        _credit(hw, kind=HoursKind.PROFESSIONAL, hours=60, source="z1")
        _credit(hw, kind=HoursKind.PUBLIC, hours=50, source="other-year", year=YEAR - 1)
        _credit(hw, kind=HoursKind.PUBLIC, hours=50, source="other-person", person=hw.other_person)
        account = hours_account(hw.person, YEAR)
        assert (account.public, account.professional, account.total) == (20, 60, 80)
        assert (account.public_required, account.professional_required, account.total_required) == (30, 60, 90)
        assert (account.public_met, account.professional_met, account.total_met, account.met) == (
            False, True, False, False)
        assert account.basis == THRESHOLD_DOCUMENT and account.configured
        assert [c.source for c in account.credits] == ["p1", "z1"]

        _credit(hw, kind=HoursKind.PUBLIC, hours="10.0", source="p2")
        account = hours_account(hw.person, YEAR)
        assert (account.public, account.total, account.public_met, account.total_met, account.met) == (
            30, 90, True, True, True)

    def test_totals_reach_the_requirement_only_together(self, hw):
        # 公需 and 专业 each met, the total not: a province whose total asks for more than the two parts.
        HoursThreshold.objects.create(from_year=YEAR, public=30, professional=60, total=100, document="另一规定")
        _credit(hw, kind=HoursKind.PUBLIC, hours=30, source="p")
        _credit(hw, kind=HoursKind.PROFESSIONAL, hours=60, source="z")
        account = hours_account(hw.person, YEAR)
        assert (account.public_met, account.professional_met, account.total_met, account.met) == (
            True, True, False, False)
        assert account.basis == "另一规定"

    def test_the_requirement_in_force_is_the_latest_from_year_not_after(self, hw):
        HoursThreshold.objects.create(from_year=2030, public=40, professional=80, total=120, document="2030年规定")
        assert threshold_for(2019) is None and submission_threshold(2019) is None
        assert threshold_for(2020) == threshold_for(2029) == hw.threshold
        assert submission_threshold(2030) == 80
        account = hours_account(hw.person, 2019)
        assert not account.configured and account.total_required is None and account.basis == ""
        assert (account.public_met, account.professional_met, account.total_met, account.met) == (
            False, False, False, False)

    def test_an_empty_year_and_two_queries(self, hw, django_assert_num_queries):
        for n in range(5):
            _credit(hw, source=f"s{n}", hours=10, credited_by=hw.competent)
        with django_assert_num_queries(2):
            account = hours_account(hw.person, YEAR)
            assert [c.credited_by.name for c in account.credits] == [hw.competent.name] * 5
        empty = hours_account(PersonUserFactory(), YEAR)
        assert (empty.total, empty.credits, empty.met) == (0, (), False)

"""The memo route wired onto the shared `world`: 新疆大学 recommends through 教育厅 or 乌市人社局."""

from types import SimpleNamespace

import pytest

from tests.reviews.docapp.services import memo_create
from zhuanji.orgs.models import Recommendation
from zhuanji.reviews.services import case_approve, case_submit


@pytest.fixture
def memo_world(world):
    Recommendation.objects.create(unit=world.unit, recommender=world.competent)
    Recommendation.objects.create(unit=world.unit, recommender=world.hr_bureau)
    return world


@pytest.fixture
def make_memo(memo_world):
    def _make(stage: str = "draft", *, by=None, unit=None, title: str = "关于申报材料的备忘录"):
        """A memo whose case has reached `stage`: draft / unit / recommender / office / approved."""
        w = memo_world
        memo = memo_create(actor=by or w.person, title=title, unit=unit or w.unit)
        case = memo.case
        stages = ["draft", "unit", "recommender", "office", "approved"]
        target = stages.index(stage)
        if target >= 1:
            case = case_submit(case=case, actor=memo.submitter)
        if target >= 2:
            case = case_approve(case=case, actor=w.unit_admin, opinion="同意推荐", next_org=w.competent)
        if target >= 3:
            case = case_approve(case=case, actor=w.competent_staff, opinion="同意")
        if target >= 4:
            case = case_approve(case=case, actor=w.title_office_staff, opinion="材料齐全")
        memo.refresh_from_db()
        return SimpleNamespace(memo=memo, case=case)

    return _make

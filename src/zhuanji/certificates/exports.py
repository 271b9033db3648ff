"""已发证书 as an xlsx workbook; ID numbers masked like every list, text that looks like a formula neutralised."""

from io import BytesIO

from openpyxl import Workbook

from zhuanji.audit.masking import mask_id_number
from zhuanji.common.spreadsheets import safe_row

HEADERS = ("序号", "证书编号", "证书类型", "年度", "姓名", "身份证号", "专业/资格", "发证单位", "发证日期", "状态",
           "新证书编号")


def issued_xlsx(queryset) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("已发证书")
    sheet.append(HEADERS)
    for index, cert in enumerate(queryset.iterator(chunk_size=2000), start=1):
        sheet.append(safe_row((
            index, cert.number, cert.get_kind_display(), cert.year, cert.name, mask_id_number(cert.id_number),
            cert.qualification_path or cert.qualification, cert.issuer_name, cert.issued_on.isoformat(),
            cert.get_status_display(), cert.successor.number if cert.successor else "",
        )))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

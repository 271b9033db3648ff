"""Reading the province's CSV data files (regions, organisations, recogniser rules) the same way everywhere."""

import csv
from pathlib import Path


def csv_rows(path: Path, columns: tuple[str, ...], *, error: type[Exception]):
    """Yield (spreadsheet row number, {column: stripped text}); a missing file or column raises `error`."""
    if not path.exists():
        raise error(f"找不到数据文件 {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise error(f"{path.name} 缺少列：{', '.join(missing)}")
        # Row 1 is the header, so data rows are numbered from 2 as in a spreadsheet.
        for number, row in enumerate(reader, start=2):
            yield number, {k: (row.get(k) or "").strip() for k in columns}

"""Workbooks and upload requests for the standards' view tests."""

import io

from openpyxl import Workbook


def workbook(rows, header=("岗位工种", "项目", "数值", "单位")) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [
    ("厨师长", "月工资标准", 2600, "元/月"),
    ("餐具清洗员", "月工资标准", 2500, "元/月"),
    ("", "年增长幅度", 9, "%"),
]


def form(data: bytes, **fields):
    sent = {
        "title": "海珠区餐饮行业工资标准",
        "sector_code": "H62",
        "region_code": "440105",
        "effective_from": "2026-01-01",
        "effective_to": "",
        "workbook": (io.BytesIO(data), "标准.xlsx"),
    }
    sent.update(fields)
    return sent


def post(client, data: bytes, path="/standards/new", **fields):
    return client.post(path, data=form(data, **fields), content_type="multipart/form-data")


def minimum_checks(page: str) -> list[tuple[str, str]]:
    """The compare page's lines against the minimum wage: ("clears" or "below", the line's text
    without its tags and with its spaces collapsed)."""
    import re

    found = re.findall(r'<li data-minimum-check="(\w+)">(.*?)</li>', page, flags=re.S)
    return [(state, " ".join(re.sub(r"<[^>]+>", " ", body).split())) for state, body in found]


def workbook_problems(page: str) -> list[str]:
    """The problems listed beside the workbook field, as text."""
    import re

    block = page.split('data-field-error="workbook"', 1)[1].split("</div>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", block, flags=re.S) or [block.split(">", 1)[1]]
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]

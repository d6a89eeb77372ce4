"""Hostile uploads for the tests of every import: zip bombs, and workbooks whose sheet breaks
off after more rows than an import takes."""

import io
import re
import zipfile

from openpyxl import Workbook

MB = 1024 * 1024


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The zip archive `data` with the members in `replace` written over (or added)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (members | replace).items():
            archive.writestr(name, content)
    return out.getvalue()


def zip_bomb(data: bytes, unpacked: int) -> bytes:
    """`data` (an .xlsx or .docx) with a member of `unpacked` zero bytes beside its parts: a
    small upload that unpacks to far more."""
    return rezip(data, {"docProps/padding.bin": bytes(unpacked)})


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_broken_after(rows: list[list[object]]) -> bytes:
    """A workbook of `rows` whose sheet XML then breaks off mid-row: a reader that streams
    the sheet and stops at its row limit never reaches the break; one that reads the whole
    sheet first fails on it."""
    data = xlsx(rows)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    cut = xml.rindex(b"</row>") + len(b"</row>")
    broken = xml[:cut] + f'<row r="{len(rows) + 1}"><c r="A'.encode() + b"\x00<<"
    assert re.search(rb"</sheetData>", broken) is None
    return rezip(data, {"xl/worksheets/sheet1.xml": broken})

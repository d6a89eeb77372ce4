"""The check every Office upload passes before anything unpacks it."""

import io
import zipfile

import pytest

from tests.uploads.files import MB, xlsx, zip_bomb
from uploads.archives import ArchiveProblem, archive_problem

LIMIT = 32 * MB


def zipped(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_an_ordinary_workbook_may_be_unpacked():
    assert (
        archive_problem(xlsx([["日期", "类型"], ["2027-01-01", "放假"]]), max_unpacked_bytes=LIMIT)
        is None
    )


def test_a_small_file_that_unpacks_past_the_limit_is_too_large_when_unpacked():
    bomb = zip_bomb(xlsx([["a"]]), LIMIT + 1)
    assert len(bomb) < LIMIT // 500
    assert archive_problem(bomb, max_unpacked_bytes=LIMIT) is ArchiveProblem.TOO_LARGE_UNPACKED


def test_a_member_squeezed_more_than_a_hundred_to_one_is_too_large_even_under_the_limit():
    squeezed = zipped({"a.xml": bytes(2 * MB)})
    assert archive_problem(squeezed, max_unpacked_bytes=LIMIT) is ArchiveProblem.TOO_LARGE_UNPACKED
    # the same bytes stored without compression unpack to what they are
    assert (
        archive_problem(
            zipped({"a.xml": bytes(2 * MB)}, zipfile.ZIP_STORED), max_unpacked_bytes=LIMIT
        )
        is None
    )


def test_small_members_may_pack_tighter():
    assert archive_problem(zipped({"a.xml": bytes(512 * 1024)}), max_unpacked_bytes=LIMIT) is None


def test_many_members_that_together_unpack_past_the_limit():
    bomb = zipped({f"part{n}.bin": bytes(MB // 2) for n in range(5)})
    assert archive_problem(bomb, max_unpacked_bytes=2 * MB) is ArchiveProblem.TOO_LARGE_UNPACKED


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 broken", b"%PDF-1.7", bytes(100)])
def test_what_is_no_zip_archive(data):
    assert archive_problem(data, max_unpacked_bytes=LIMIT) is ArchiveProblem.NOT_AN_ARCHIVE

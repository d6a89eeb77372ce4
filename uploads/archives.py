"""Uploaded Office files (.docx, .xlsx) are zip archives: each is looked at before anything
unpacks it, and refused when its members would unpack to more than the caller allows or are
squeezed tighter than any document packs (a zip bomb). The sizes come from the archive's
directory; zipfile never unpacks a member past the size the directory gives it, so what is
checked here bounds what a parser can later unpack. Pure: no Flask, no database."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from enum import StrEnum

MAX_COMPRESSION_RATIO = 100
# A member smaller than this unpacked may pack tighter: a few kilobytes of repeated markup do.
RATIO_CHECKED_FROM = 1024 * 1024


class ArchiveProblem(StrEnum):
    NOT_AN_ARCHIVE = "not_an_archive"  # no zip archive at all, or a broken one
    TOO_LARGE_UNPACKED = "too_large_unpacked"  # a zip bomb, or simply too much


def archive_problem(data: bytes, *, max_unpacked_bytes: int) -> ArchiveProblem | None:
    """Why `data` is no zip archive to unpack, or None when it may be unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception:  # zipfile raises many kinds on a hostile file
        return ArchiveProblem.NOT_AN_ARCHIVE
    if unpacks_too_far(members, max_unpacked_bytes=max_unpacked_bytes):
        return ArchiveProblem.TOO_LARGE_UNPACKED
    return None


def unpacks_too_far(members: Sequence[zipfile.ZipInfo], *, max_unpacked_bytes: int) -> bool:
    """More than `max_unpacked_bytes` unpacked, or squeezed more than MAX_COMPRESSION_RATIO to
    one: in all, or in one member big enough to matter."""
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    return (
        unpacked > max_unpacked_bytes
        or (unpacked > RATIO_CHECKED_FROM and unpacked > MAX_COMPRESSION_RATIO * max(packed, 1))
        or any(
            m.file_size > RATIO_CHECKED_FROM
            and m.file_size > MAX_COMPRESSION_RATIO * max(m.compress_size, 1)
            for m in members
        )
    )

"""A content pack uploaded as a zip: checked entry by entry before anything is written, then unpacked
into a fresh folder for the validator.

Refused, with a message naming the entry: an archive over MAX_ZIP_BYTES, more than MAX_FILES entries,
more than MAX_PACK_BYTES once unpacked (sizes from the zip's directory, then counted while unpacking,
so a lying header cannot get past), a path that is absolute or climbs out with `..`, a symbolic link or
any entry that is not a plain file or folder, an encrypted entry, a file that is not a zip at all.
"""

import stat
import zipfile
from pathlib import Path, PurePosixPath

from pusula.content.reading import MAX_FILE_BYTES, MAX_FILES, MAX_PACK_BYTES

MAX_ZIP_BYTES = 8 * 1024 * 1024
CHUNK = 64 * 1024


class ArchiveRefused(Exception):
    """The archive cannot be taken; `str()` says why, for the person who uploaded it."""


def _safe_name(name):
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or name.startswith(("/", "\\")) or (path.parts and ":" in path.parts[0]):
        raise ArchiveRefused(f"{name}: an absolute path is not allowed in a content pack")
    if any(part == ".." for part in path.parts):
        raise ArchiveRefused(f"{name}: a path with “..” would leave the pack's folder")
    return path


def _check(entry):
    kind = stat.S_IFMT(entry.external_attr >> 16)  # 0 when the archiver recorded no Unix file type
    if kind == stat.S_IFLNK:
        raise ArchiveRefused(f"{entry.filename}: symbolic links are not allowed in a content pack")
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise ArchiveRefused(f"{entry.filename}: only plain files and folders are allowed")
    if entry.flag_bits & 0x1:
        raise ArchiveRefused(f"{entry.filename}: encrypted files are not allowed")
    if entry.file_size > MAX_FILE_BYTES and not entry.is_dir():
        raise ArchiveRefused(f"{entry.filename}: {entry.file_size} bytes, over the {MAX_FILE_BYTES} a file may have")


def unpack(uploaded, destination: Path) -> Path:
    """Checks the uploaded zip completely, then unpacks it into `destination` (an empty folder).

    Returns the pack's folder: `destination`, or the single folder the archive wraps everything in.
    """
    if uploaded.size > MAX_ZIP_BYTES:
        raise ArchiveRefused(f"the archive is {uploaded.size} bytes; at most {MAX_ZIP_BYTES} are accepted")
    try:
        archive = zipfile.ZipFile(uploaded)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ArchiveRefused(f"not a zip archive ({exc})") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_FILES:
            raise ArchiveRefused(f"{len(entries)} entries; at most {MAX_FILES} are accepted")
        paths = []
        for entry in entries:
            paths.append(_safe_name(entry.filename))
            _check(entry)
        if sum(e.file_size for e in entries) > MAX_PACK_BYTES:
            raise ArchiveRefused(f"over {MAX_PACK_BYTES} bytes once unpacked")
        # Everything checked: now write, counting the bytes really unpacked.
        written = 0
        for entry, path in zip(entries, paths, strict=True):
            target = destination.joinpath(*path.parts)
            if entry.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(entry) as source, open(target, "xb") as out:
                while chunk := source.read(CHUNK):
                    written += len(chunk)
                    if written > MAX_PACK_BYTES or out.tell() + len(chunk) > MAX_FILE_BYTES:
                        raise ArchiveRefused(f"{entry.filename}: unpacks to more than its header says")
                    out.write(chunk)
    children = [p for p in destination.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    return children[0] if len(children) == 1 and children[0].is_dir() else destination

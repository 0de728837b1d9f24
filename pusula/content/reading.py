"""What the content validator may read from a pack folder, and how: the pack's safe reading layer.

A pack comes from people and from archives, so nothing in it is trusted: only regular files inside the
pack are read (no FIFOs or devices, no symbolic links leading out of it or into a loop), folders no
deeper than MAX_DEPTH, at most MAX_FILES files, each at most MAX_FILE_BYTES and all together at most
MAX_PACK_BYTES, with sizes taken from the file system before a byte is read. YAML is loaded without
aliases and no deeper than MAX_YAML_DEPTH, so neither a billion laughs nor deep nesting can exhaust
memory or the stack. Whatever is refused or skipped is reported with its path, never passed over: as an error when it looks
like content (a link, a pipe, a folder named `x.md`), as a warning when it plainly is not (a README).
"""

import os
import stat
from collections.abc import Callable
from pathlib import Path

import yaml

MAX_FILE_BYTES = 256 * 1024
MAX_PACK_BYTES = 16 * 1024 * 1024
MAX_FILES = 2000
MAX_DEPTH = 4  # folders below areas/ or prescriptions/
MAX_YAML_DEPTH = 16

# Columns of the content tables are 32-bit integers on every supported database.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1

Report = Callable[[Path, int, str], None]


class PackFiles:
    """Reads a pack's files within the limits above; every refusal goes to `report(path, line, message)`,
    every skipped file that is plainly not content to `warn`."""

    def __init__(self, folder: Path, report: Report, warn: Report):
        self.folder = folder
        self.roots = [folder.resolve()]  # symbolic links may point anywhere inside these
        self.report = report
        self.warn = warn
        self.read: dict[Path, bytes] = {}  # what was read, for the pack's hash
        self.total_bytes = 0
        self.file_count = 0

    def _kind(self, path: Path):
        """'file' or 'folder' if `path` may be read, else None after reporting why not."""
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                self.report(path, 1, "symbolic link that leads nowhere or into a loop: not read")
                return None
            if not any(target.is_relative_to(root) for root in self.roots):
                self.report(path, 1, f"symbolic link leading out of the pack (to {target}): not read")
                return None
            if target.is_dir():
                self.report(path, 1, "symbolic link to a folder: not followed")
                return None
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            self.report(path, 1, f"cannot read: {exc.strerror or exc}")
            return None
        if stat.S_ISDIR(mode):
            return "folder"
        if not stat.S_ISREG(mode):
            self.report(path, 1, "not a regular file (a pipe, device or socket): not read")
            return None
        return "file"

    def files(self, folder: Path, suffixes):
        """Content files (by suffix) under `folder`, sorted; every other entry is reported."""
        if not folder.exists() and not folder.is_symlink():
            return []
        if self._kind(folder) != "folder":
            return []
        found = []
        pending = [(folder, 0)]
        while pending:  # a loop, not recursion: a deep tree must not exhaust the stack
            current, depth = pending.pop()
            try:
                entries = sorted(os.scandir(current), key=lambda e: e.name)
            except OSError as exc:
                self.report(current, 1, f"cannot list folder: {exc.strerror or exc}")
                continue
            for entry in entries:
                path = Path(entry.path)
                kind = self._kind(path)
                if kind == "folder":
                    if path.suffix.lower() in suffixes:
                        self.report(path, 1, "a folder, not a content file")
                    if depth + 1 > MAX_DEPTH:
                        self.report(path, 1, f"folders nested more than {MAX_DEPTH} deep: not read")
                    else:
                        pending.append((path, depth + 1))
                elif kind == "file":
                    if path.suffix.lower() not in suffixes:
                        self.warn(path, 1, f"not a content file ({' or '.join(suffixes)}): skipped")
                    elif self.file_count >= MAX_FILES:
                        self.report(path, 1, f"more than {MAX_FILES} content files: not read")
                    else:
                        self.file_count += 1
                        found.append(path)
        return sorted(found)

    def add_root(self, folder: Path):
        """Another folder of the same pack (a translation)."""
        self.roots.append(folder.resolve())

    def others(self, known, folder=None):
        """Reports every entry at the top of the pack (or `folder`) that is not one of `known` names."""
        folder = folder or self.folder
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return
        for name in names:
            if name not in known and not name.upper().startswith("README"):  # a README documents the pack
                self.warn(folder / name, 1, f"not part of a content pack ({', '.join(known)}): skipped")

    def read_bytes(self, path: Path):
        """The file's bytes, or None after reporting why it is not read."""
        if self._kind(path) != "file":
            if path.is_dir() and not path.is_symlink():
                self.report(path, 1, "a folder, not a file")
            return None
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            self.report(path, 1, f"file too large ({size} bytes, at most {MAX_FILE_BYTES})")
            return None
        if self.total_bytes + size > MAX_PACK_BYTES:
            self.report(path, 1, f"the pack is larger than {MAX_PACK_BYTES} bytes: not read")
            return None
        try:
            # O_NONBLOCK: should the file have been swapped for a pipe since the check, opening does not hang.
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            with os.fdopen(fd, "rb") as file:
                if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                    self.report(path, 1, "not a regular file (a pipe, device or socket): not read")
                    return None
                data = file.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            self.report(path, 1, f"cannot read file: {exc.strerror or exc}")
            return None
        if len(data) > MAX_FILE_BYTES:
            self.report(path, 1, f"file too large (more than {MAX_FILE_BYTES} bytes)")
            return None
        self.total_bytes += len(data)
        self.read[path] = data
        return data


class BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (no content needs them; a few can expand to gigabytes) and nesting
    deeper than MAX_YAML_DEPTH (PyYAML composes recursively)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"aliases (*{event.anchor}) are not allowed", event.start_mark
            )
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_YAML_DEPTH} levels deep", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

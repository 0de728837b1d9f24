"""The operator's view of content: a version previewed as respondents see it, and new versions from a zip."""

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pusula.content.archive import ArchiveRefused, unpack
from pusula.content.pack import read_pack
from pusula.content.questionnaire import questionnaire_for
from pusula.content.services import load_pack


def preview(version):
    """Every area, question, choice and prescription of the version, with the validator's findings on
    the folder it was loaded from (when that folder is still there)."""
    questionnaire = questionnaire_for(version)
    folder = Path(version.source)
    problems = None
    if folder.is_dir():
        _pack, problems = read_pack(folder)
    return {
        "version": version,
        "questionnaire": questionnaire,
        "problems": problems,
        "rounds": version.rounds.count(),
    }


@dataclass
class Upload:
    version: object = None
    created: bool = False
    refused: str = ""
    problems: list = field(default_factory=list)


def load_upload(uploaded):
    """Unpacks and validates the zip in a temporary folder; loads it only when both pass."""
    with tempfile.TemporaryDirectory(prefix="pusula-upload-") as folder:
        try:
            root = unpack(uploaded, Path(folder))
        except ArchiveRefused as refusal:
            return Upload(refused=str(refusal))
        pack, problems = read_pack(root)
        if pack is None:
            return Upload(problems=[_relative(p, root) for p in problems if not p.warning])
        version, created = load_pack(pack)
        if created:  # the temporary folder is gone once loaded: name the upload instead
            version.source = f"upload:{uploaded.name}"[:255]
            version.save(update_fields=["source"])
        return Upload(version=version, created=created)


def _relative(problem, root):
    try:
        path = Path(problem.path).relative_to(root)
    except ValueError:
        path = Path(problem.path).name
    return f"{path}:{problem.line}: {problem.message}"

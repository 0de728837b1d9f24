"""The operator's view of content: a version previewed as respondents see it, and new versions from a zip."""

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pusula.content.archive import ArchiveRefused, unpack
from pusula.content.pack import DONT_KNOW, read_pack
from pusula.content.questionnaire import questionnaire_for
from pusula.content.services import content_diff, load_pack, snapshot_of_version


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


FIELD_LABELS = {
    "area_id": gettext_lazy("alanı"),
    "text": gettext_lazy("soru metni"),
    "help": gettext_lazy("açıklaması"),
    "applies_to": gettext_lazy("sorulduğu örgüt türleri"),
    "not_applicable": gettext_lazy("“geçerli değil” açıklaması"),
}


def version_diff(old, new):
    """The content diff of two loaded versions (the one `pusula content diff` prints), each changed
    question with what changed in words: (diff, [(change, [what changed])])."""
    diff = content_diff(snapshot_of_version(old), snapshot_of_version(new))
    return diff, [(change, _what_changed(change)) for change in diff.changed]


def _choice_name(number):
    return _("“Bilmiyorum”") if number == DONT_KNOW else _("%(n)s. seçenek") % {"n": number}


def _what_changed(change):
    what = [str(FIELD_LABELS.get(name, name)) for name, _was, _now in change.fields]
    for number, was, now in change.statements:
        if was is None:
            what.append(_("%(choice)s eklendi") % {"choice": _choice_name(number)})
        elif now is None:
            what.append(_("%(choice)s çıkarıldı") % {"choice": _choice_name(number)})
        else:
            what.append(_("%(choice)s: ifade") % {"choice": _choice_name(number)})
    what += [_("%(choice)s: düzey") % {"choice": _choice_name(number)} for number, _was, _now in change.levels]
    what += [_("%(choice)s: reçete") % {"choice": _choice_name(number)} for number in change.prescriptions]
    return what

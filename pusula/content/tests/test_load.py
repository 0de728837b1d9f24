import pytest
from django.core.management import CommandError, call_command

from conftest import SMALL_PACK
from pusula.content.models import Choice, ContentVersion, Question
from pusula.content.pack import read_pack
from pusula.content.services import load_pack

pytestmark = pytest.mark.django_db


def test_it_loads_a_pack_as_a_version_with_bilmiyorum_choices(small_version):
    assert Question.objects.filter(version=small_version).count() == 3
    q8 = Question.objects.get(version=small_version, number=8)
    assert list(q8.choices.values_list("number", flat=True)) == [0, 1, 2]
    assert q8.choices.get(number=0).body.startswith("Saymana")  # the question's own advice
    q7 = Question.objects.get(version=small_version, number=7)
    assert q7.choices.get(number=0).body.startswith("Yönetim kurulu kararlarına")  # the area's advice
    assert q7.choices.get(number=0).level is None


def test_loading_the_same_files_again_is_a_no_op(small_version, capsys):
    call_command("content", "load", str(SMALL_PACK))
    assert "unchanged" in capsys.readouterr().out
    assert ContentVersion.objects.count() == 1


def test_a_failed_load_changes_nothing(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Choice.objects, "bulk_create", broken)
    pack, _ = read_pack(SMALL_PACK)
    with pytest.raises(RuntimeError):
        load_pack(pack)
    assert not ContentVersion.objects.exists()
    assert not Question.objects.exists()


def test_an_invalid_pack_is_not_loaded(db, tmp_path):
    (tmp_path / "tr").mkdir()
    with pytest.raises(CommandError) as error:
        call_command("content", "load", str(tmp_path / "tr"))
    assert error.value.returncode == 1
    assert not ContentVersion.objects.exists()

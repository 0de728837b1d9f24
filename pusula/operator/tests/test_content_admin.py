import io
import stat
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import SMALL_PACK
from pusula.content import archive
from pusula.content.models import ContentVersion

pytestmark = pytest.mark.django_db


def pack_zip(folder=SMALL_PACK, extra=(), change=None):
    """The small test pack as a zip, wrapped in one folder; `extra`: (ZipInfo or name, bytes) added."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                if change and path.name == change[0]:
                    data = change[1](data)
                zf.writestr(f"paket/{path.relative_to(folder)}", data)
        for info, data in extra:
            zf.writestr(info, data)
    return SimpleUploadedFile("paket.zip", buffer.getvalue(), content_type="application/zip")


def symlink_entry(name, target):
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def upload(client, uploaded):
    return client.post("/operator/content/upload/", {"archive": uploaded})


@pytest.mark.parametrize(
    "extra, message",
    [
        (("paket/../../kacak.md", b"x"), "“..”"),
        (("/etc/kacak.md", b"x"), "absolute path"),
        (symlink_entry("paket/areas/link.md", "/etc/passwd"), "symbolic links"),
    ],
)
def test_a_hostile_zip_is_refused_and_nothing_is_stored(operator_client, small_version, tmp_path, extra, message):
    before = ContentVersion.objects.count()
    response = upload(operator_client, pack_zip(extra=[extra]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "hiçbir şey kaydedilmedi" in html and message in html
    assert ContentVersion.objects.count() == before
    assert not (Path("/etc/kacak.md").exists() or Path(tmp_path.parent / "kacak.md").exists())


def test_an_archive_over_the_limit_is_refused(operator_client, monkeypatch):
    monkeypatch.setattr(archive, "MAX_ZIP_BYTES", 1000)
    response = upload(operator_client, pack_zip())
    assert response.status_code == 400 and "at most 1000" in response.content.decode()
    assert not ContentVersion.objects.exists()


def test_a_file_that_unpacks_bigger_than_allowed_is_refused(operator_client):
    bomb = ("paket/prescriptions/bomba.md", b"0" * (archive.MAX_FILE_BYTES + 1))
    response = upload(operator_client, pack_zip(extra=[bomb]))
    assert response.status_code == 400 and "over the" in response.content.decode()


def test_not_a_zip_is_refused(operator_client):
    response = upload(operator_client, SimpleUploadedFile("x.zip", b"PK\x03\x04 bozuk"))
    assert response.status_code == 400 and "not a zip" in response.content.decode()


def test_an_invalid_pack_shows_the_validators_findings_and_stores_nothing(operator_client):
    broken = pack_zip(change=("q7-c1.md", lambda data: data.replace(b"question_id: 7", b"question_id: 999")))
    response = upload(operator_client, broken)
    assert response.status_code == 400
    html = response.content.decode()
    assert "İçerikte sorunlar var" in html and "prescriptions/q7-c1.md:" in html
    assert not ContentVersion.objects.exists()


def test_a_valid_zip_becomes_a_version_to_preview_and_compare(operator_client, small_version):
    changed = pack_zip(change=("1-planlama.md", lambda data: data.replace(b"Son iki y", "Son üç y".encode())))
    response = upload(operator_client, changed)
    new = ContentVersion.objects.exclude(pk=small_version.pk).get()
    assert response["Location"] == f"/operator/content/{new.pk}/"
    assert new.source == "upload:paket.zip"

    preview = operator_client.get(f"/operator/content/{new.pk}/").content.decode()
    assert "Yıllık çalışma planımızı nasıl hazırlıyoruz?" in preview and "Bilmiyorum" in preview

    listing = operator_client.get("/operator/content/").content.decode()
    assert new.label in listing and small_version.label in listing

    diff = operator_client.get(f"/operator/content/diff/?old={small_version.pk}&new={new.pk}").content.decode()
    assert "7. Yıllık çalışma planımızı" in diff and "(açıklaması)" in diff
    assert "0 eklenen, 0 çıkarılan, 1 değişen, 2 değişmeyen soru." in diff
    assert operator_client.get("/operator/content/diff/?old=x&new=99999").status_code == 404

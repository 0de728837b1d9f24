"""The coordinator's whole journey in a real Chromium: four colleagues (one on paper, typed in by the
coordinator), a reminder, closing, a consensus meeting in meeting mode from the largest disagreement,
and the report with the agreed answers and the meeting's notes.

Small content pack: Planlama has questions 7 (four choices) and 8 (two choices), Katılım question 10.
Question 8 splits the named people two against two, so the meeting starts from it.
"""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from pusula.assessments.models import ConsensusAnswer, Respondent

from .test_journeys import ORG, Q7, Q8, choose, press, watch_csp

pytestmark = pytest.mark.browser

Q8_NO = "Bütçemiz plandan bağımsız."
Q10_3 = "Yürüttüğümüz savunuculuk çalışmalarıyla kamu idaresinin politikalarını değiştirmeye çalışıyoruz."


def answer_area(page, choices, notes=None):
    for question, text in choices.items():
        choose(page, question, text)
    for question, note in (notes or {}).items():
        page.locator(f"#soru-{question} details.answer-note summary").click()
        page.locator(f"#id_n{question}").fill(note)


def answer_by_link(context, link, role, planning, participation, notes=None, anonymous=False):
    page = context.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", name="Kim neyi görür?")).to_be_visible()
    page.get_by_text(role, exact=True).click()
    if anonymous:
        page.get_by_text("Anonim kalmak istiyorum").click()
    press(page, "^Başla$")
    answer_area(page, planning, notes)
    press(page, "Kaydet ve ilerle")
    if participation is None:  # pauses after the first page
        return page
    answer_area(page, participation)
    press(page, "Kaydet ve bitir")
    expect(page.get_by_role("heading", name="Teşekkürler!")).to_be_visible()
    expect(page.get_by_role("heading", name="Sırada ne var?")).to_be_visible()
    return page


def test_a_round_from_invitations_to_agreed_answers(
    new_context, sign_in, coordinator, organization, small_version, mailoutbox, run_tasks
):
    coordinator_context = new_context()
    sign_in(coordinator_context, coordinator)
    page = coordinator_context.new_page()
    blocked = watch_csp(page)

    # Create the round: its page opens, with one obvious next step.
    page.goto(f"/o/{organization.slug}/")
    page.get_by_label("Değerlendirmenin adı").fill("Bahar 2026")
    press(page, "^Başlat$")
    expect(page).to_have_url(re.compile(r"/rounds/\d+/$"))
    next_step = page.locator(".next-step .button.primary")
    expect(next_step).to_have_text("Kişi davet edin")

    # Invite three colleagues by pasting a list; each link can go out through WhatsApp.
    page.get_by_label("Davet edilecek kişiler").fill(
        "Zeynep Kaya <zeynep@example.org>, mehmet@example.org\nDeniz Ak\tdeniz@example.org"
    )
    press(page, "Bağlantıları oluştur")
    panel = page.locator("section.highlight")
    expect(panel.locator("li")).to_have_count(3)
    expect(panel.get_by_role("link", name="WhatsApp ile gönder").first).to_have_attribute(
        "href", re.compile(r"^https://wa\.me/\?text=.*%2Fr%2F")
    )
    links = {
        name: panel.get_by_label(f"{name} için bağlantı").input_value()
        for name in ("Zeynep Kaya", "mehmet@example.org", "Deniz Ak")
    }
    run_tasks()  # the worker sends the three invitations
    assert sorted(m.to[0] for m in mailoutbox) == ["deniz@example.org", "mehmet@example.org", "zeynep@example.org"]

    # The coordinator answers as "Koordinatör": budget not tied to the plan.
    expect(next_step).to_have_text("Kendi yanıtlarınızı verin")
    next_step.click()
    page.get_by_role("link", name="Başlayın").click()
    answer_area(page, {7: Q7[3], 8: Q8_NO})
    press(page, "Kaydet ve ilerle")
    answer_area(page, {10: Q10_3})
    press(page, "Kaydet ve bitir")
    page.get_by_role("link", name="Değerlendirme sayfasına dönün").click()

    # Colleagues by link: Zeynep with a note, Deniz anonymously, Mehmet pauses after the first page.
    answer_by_link(new_context(), links["Zeynep Kaya"], "Çalışan", {7: Q7[3], 8: Q8[2]}, {10: Q10_3},
                   notes={8: "Bütçe tablomuz faaliyet planının sütunlarıyla aynı."})  # fmt: skip
    answer_by_link(new_context(), links["Deniz Ak"], "Gönüllü", {7: Q7[3], 8: Q8[2]}, {10: Q10_3}, anonymous=True)
    mehmet = answer_by_link(new_context(), links["mehmet@example.org"], "Çalışan", {7: Q7[2], 8: Q8_NO}, None)

    # One click reminds whoever has not finished: Mehmet only.
    page.reload()
    expect(next_step).to_have_text("Tamamlamayanlara hatırlatma gönderin")
    next_step.click()
    page.get_by_role("button", name=re.compile("Tamamlamayan 1 kişiye hatırlatma gönder")).click()
    expect(page.get_by_role("status").first).to_contain_text("1 kişi için hatırlatma e-postası sıraya alındı")
    mailoutbox.clear()
    run_tasks()
    (reminder,) = mailoutbox
    assert reminder.to == ["mehmet@example.org"] and links["mehmet@example.org"] in reminder.body
    mehmet.goto(links["mehmet@example.org"])
    mehmet.get_by_role("link", name=re.compile("Kaldığınız yerden devam edin")).click()
    answer_area(mehmet, {10: Q10_3})
    press(mehmet, "Kaydet ve bitir")
    expect(mehmet.get_by_role("heading", name="Teşekkürler!")).to_be_visible()

    # The fourth colleague answered on paper: print the blank sheet, type her answers in.
    # The sheet is rendered by the worker: the click answers at once with "PDF hazırlanıyor…".
    page.reload()
    page.get_by_role("link", name="Boş soru kâğıdı (PDF)").click()
    expect(page.get_by_role("heading", name="PDF hazırlanıyor…")).to_be_visible()
    run_tasks()
    with page.expect_download() as download_info:  # the page's own link, or the button once htmx saw it ready
        page.get_by_role("link", name=re.compile("Sayfayı yenileyin|PDF indir")).first.click()
    text = " ".join(p.extract_text() for p in PdfReader(download_info.value.path()).pages)
    assert "Bütçemiz planımıza bağlı mı?" in " ".join(text.split()) and "Bilmiyorum" in text
    page.get_by_role("link", name="Bahar 2026").click()
    page.get_by_role("link", name="Kâğıt yanıtı girin").click()
    page.get_by_label("Kâğıdın kodu ya da adı (isteğe bağlı)").fill("Elif")
    page.get_by_text("Gönüllü", exact=True).click()
    answer_area(page, {7: Q7[3], 8: Q8[2], 10: Q10_3})
    press(page, "Kâğıdı kaydet")
    expect(page.get_by_role("status").first).to_contain_text("olarak kaydedildi (3 yanıt)")
    page.get_by_role("link", name="Bahar 2026").click()
    assert Respondent.objects.filter(source="paper", role="volunteer").count() == 1

    # Everyone finished: close, then the meeting.
    expect(next_step).to_have_text("Değerlendirmeyi kapatın")
    page.get_by_role("button", name="Değerlendirmeyi kapat").click()
    expect(next_step).to_have_text("Uzlaşı toplantısını başlatın")
    next_step.click()
    expect(page.locator(".meeting-progress")).to_contain_text("0 / 3 uzlaşıldı")
    page.get_by_role("link", name=re.compile("Toplantıyı başlatın")).click()

    # Projector view, from the largest disagreement: question 8, two against two (Deniz's lone anonymous
    # answer stays out of every figure until enough anonymous people answer).
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.get_by_role("heading", level=1)).to_have_text("2. Bütçemiz planımıza bağlı mı?")
    expect(page.locator(".area-name")).to_contain_text("farklı görülen bir soru")
    expect(page.locator(".meeting-choice", has_text=Q8[2]).locator(".count")).to_contain_text("2 kişi")
    expect(page.locator(".meeting-choice", has_text=Q8_NO).locator(".count")).to_contain_text("2 kişi")
    expect(page.locator(".notes")).to_contain_text("Bütçe tablomuz faaliyet planının sütunlarıyla aynı.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    prescription = page.locator(".meeting-choice", has_text=Q8[2]).locator("details.recipe")
    prescription.locator("summary").click()
    expect(prescription.locator(".prescription")).to_be_visible()
    page.keyboard.press("2")  # the keyboard chooses a choice
    expect(page.locator(".meeting-choice", has_text=Q8[2]).locator("input[type=radio]")).to_be_checked()
    page.get_by_label("Toplantının notu").fill("Bütçe planla birlikte yazılıyor; yönetim kurulu bunu bilmiyordu.")
    press(page, "Kaydet ve sonraki")
    expect(page.locator(".meeting-progress")).to_contain_text("1 / 3 uzlaşıldı")

    # Next on the agenda: question 7, also seen differently; the arrow keys move along the agenda.
    expect(page.get_by_role("heading", level=1)).to_have_text("1. Yıllık çalışma planımızı nasıl hazırlıyoruz?")
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bütçemiz planımıza bağlı mı?")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Yıllık çalışma planımızı")
    page.locator(".meeting-choice", has_text=Q7[3]).locator("label.option").click()
    press(page, "Kaydet ve sonraki")
    page.locator(".meeting-choice", has_text=Q10_3).locator("label.option").click()
    press(page, "Kaydet ve sonraki")
    expect(page.get_by_role("status").first).to_contain_text("Bütün sorularda uzlaştınız")
    assert ConsensusAnswer.objects.count() == 3

    # The report marks the agreed answers, with the meeting's note.
    page.get_by_role("link", name="Örgüt raporunu okuyun").click()
    agreed = page.locator("#soru-8")
    expect(agreed.locator(".answer")).to_contain_text("✓ uzlaşıldı")
    expect(agreed.locator(".answer")).to_contain_text(Q8[2])
    expect(agreed.locator(".note")).to_contain_text("yönetim kurulu bunu bilmiyordu")
    expect(page.locator(".item.agreed")).to_have_count(3)
    expect(page.locator("article.report")).not_to_contain_text("Deniz")
    assert blocked == []
    assert ORG in page.content()

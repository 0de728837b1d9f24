"""End-to-end journeys in a real Chromium against the live server, on the small test content pack.

Planlama: questions 7 and 8; Katılım ve Savunuculuk: question 10, whose choice 3 carries the seed prescription.
"""

import re

import pytest
from playwright.sync_api import expect

from pusula.assessments import services
from pusula.assessments.models import Respondent
from pusula.content.questionnaire import questionnaire_for

pytestmark = pytest.mark.browser

ORG = "Kadın Dayanışma Derneği"
Q7 = {
    2: "Yönetim kurulu bir plan yazıyor, ekip sonradan öğreniyor.",
    3: "Planı ekiple birlikte hazırlıyor ve üç ayda bir izliyoruz.",
    4: "Planımızı bütçeye ve göstergelere bağlı hazırlıyor, sonuçlarını paylaşıyoruz.",
}
Q8 = {2: "Bütçemiz planın faaliyetlerine göre hazırlanıyor."}
Q10 = {
    1: "Bilgilendirildiğimizde kamu kurumlarının toplantılarına katılıyoruz.",
    3: "Yürüttüğümüz savunuculuk çalışmalarıyla kamu idaresinin politikalarını değiştirmeye çalışıyoruz.",
}


def option(page, question, text):
    return page.locator(f"#soru-{question} label.option", has_text=text)


def choose(page, question, text):
    """Clicks the answer's label, as a person would, and checks its radio button took the click."""
    label = option(page, question, text)
    label.click()
    expect(label.locator("input[type=radio]")).to_be_checked()


def expect_chosen(page, question, text):
    expect(option(page, question, text).locator("input[type=radio]")).to_be_checked()


def press(page, name):
    page.get_by_role("button", name=re.compile(name)).click()


def watch_csp(page):
    """Console messages of requests or code the Content-Security-Policy blocked."""
    blocked = []
    page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))
    page.on("pageerror", lambda error: blocked.append(f"page error: {error}"))
    return blocked


def pick_role(page, role, anonymous=False):
    page.get_by_text(role, exact=True).click()
    expect(page.get_by_label(role, exact=True)).to_be_checked()
    if anonymous:
        page.get_by_text("Anonim kalmak istiyorum").click()
        expect(page.get_by_label("Anonim kalmak istiyorum")).to_be_checked()
    press(page, "^Başla$")


def invite(page, lines):
    page.get_by_label("Davet edilecek kişiler").fill("\n".join(lines))
    press(page, "Bağlantıları oluştur")
    expect(page.get_by_role("heading", name="Yeni bağlantılar")).to_be_visible()


def copy_link(page, name):
    field = page.get_by_label(f"{name} için bağlantı").first
    expect(field).not_to_be_editable()
    return field.input_value()


def test_coordinator_signs_up_answers_and_downloads_report(new_context, run_tasks):
    page = new_context().new_page()
    blocked = watch_csp(page)

    page.goto("/accounts/signup/")
    # The stylesheet loaded (served by the live server, allowed by the CSP): :root paints the page's background.
    assert page.evaluate("getComputedStyle(document.documentElement).backgroundColor") == "rgb(246, 248, 250)"
    page.get_by_label("Adınız").fill("Ayşe Demir")
    page.get_by_label("E-posta").fill("ayse.demir@example.org")
    page.get_by_label("Parola", exact=True).fill("kelebek-ucar-42")
    press(page, "^Kayıt ol$")

    expect(page).to_have_url(re.compile(r"/o/new/$"))
    page.get_by_label("Örgütün adı").fill(ORG)
    page.locator("#id_city").select_option("İzmir")
    page.get_by_label("Çalışma alanı", exact=True).select_option("women")
    page.get_by_label("Örgüt türü").select_option("dernek")
    page.get_by_label("Büyüklük").select_option("1-5")
    press(page, "Kaydet ve devam et")

    expect(page.get_by_role("heading", name=ORG, level=1)).to_be_visible()
    page.get_by_label("Değerlendirmenin adı").fill("2026 öz değerlendirmesi")
    press(page, "^Başlat$")

    # The round page first, with its next step; the coordinator answers as "Koordinatör".
    expect(page).to_have_url(re.compile(r"/rounds/\d+/$"))
    expect(page.locator(".next-step .button.primary")).to_have_text("Kişi davet edin")
    page.get_by_role("link", name="Kendi yanıtlarım").click()
    expect(page).to_have_url(re.compile(r"/rounds/\d+/me/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{ORG} öz değerlendirmesi")
    # The coordinator answers under their own account: no anonymity option for them.
    expect(page.get_by_label("Anonim kalmak istiyorum")).to_have_count(0)
    page.get_by_role("link", name="Başlayın").click()

    expect(page).to_have_url(re.compile(r"/me/a/planlama/#soru-7$"))
    expect(page.locator(".progress-label")).to_have_text("1 / 2 alan")
    choose(page, 7, Q7[2])
    choose(page, 8, "Bilmiyorum")
    press(page, "Kaydet ve ilerle")

    expect(page).to_have_url(re.compile(r"/me/a/katilim-ve-savunuculuk/$"))
    expect(page.locator(".progress-label")).to_have_text("2 / 2 alan")
    choose(page, 10, Q10[3])
    press(page, "Kaydet ve geri")

    # Back on the first area: the saved answers are shown; change one.
    expect(page).to_have_url(re.compile(r"/me/a/planlama/$"))
    expect_chosen(page, 7, Q7[2])
    expect_chosen(page, 8, "Bilmiyorum")
    choose(page, 7, Q7[3])
    press(page, "Kaydet ve ilerle")

    expect_chosen(page, 10, Q10[3])
    press(page, "Kaydet ve bitir")

    # Everything answered: thanks, what comes next, and the report one click away.
    expect(page).to_have_url(re.compile(r"/rounds/\d+/me/thanks/$"))
    expect(page.get_by_role("heading", name="Sırada ne var?")).to_be_visible()
    page.get_by_role("link", name="Kişisel raporumu gör").click()
    expect(page).to_have_url(re.compile(r"/rounds/\d+/me/report/$"))
    expect(page.get_by_role("heading", name="Öz değerlendirme raporunuz")).to_be_visible()
    expect(page.get_by_text("3 / 3 soru yanıtlandı.")).to_be_visible()
    planning = page.locator("#alan-planlama")
    expect(planning.locator(".item", has_text="Yıllık çalışma planımızı").locator(".answer")).to_contain_text(Q7[3])
    participation = page.locator("#alan-katilim-ve-savunuculuk")
    expect(participation.locator(".answer")).to_contain_text(Q10[3])
    seed_link = participation.locator(".prescription a", has=page.locator("u", has_text="STGM STOK Öğrenme Platformu"))
    expect(seed_link).to_have_count(1)
    expect(seed_link).to_have_text("STGM STOK Öğrenme Platformu")
    expect(seed_link).to_have_attribute("href", "https://www.stgm.org.tr/stok-ogrenme-platformu")

    page.get_by_role("link", name="PDF indir").click()  # the worker renders it; the page says so meanwhile
    expect(page.get_by_role("heading", level=1)).to_have_text("PDF hazırlanıyor…")
    run_tasks()
    with page.expect_download() as download_info:  # htmx polling swaps in the download button
        page.locator("#pdf-status").get_by_role("link", name="PDF indir").click(timeout=15000)
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    respondent = Respondent.objects.get(user__email="ayse.demir@example.org")
    assert respondent.role == "coordinator"
    assert respondent.finished_at is not None
    assert blocked == []


def test_invited_person_answers_anonymously(new_context, sign_in, coordinator, round_, mailoutbox, run_tasks):
    coordinator_context = new_context()
    sign_in(coordinator_context, coordinator)
    page = coordinator_context.new_page()
    round_url = f"/o/{round_.organization.slug}/rounds/{round_.pk}/"
    page.goto(round_url)

    invite(page, ["zeynep@example.org", "Mehmet Yılmaz"])
    expect(page.get_by_role("status")).to_contain_text("2 kişi için bağlantı oluşturuldu, 1 davet e-postası")
    link = copy_link(page, "Mehmet Yılmaz")
    assert link.startswith(f"{page.url.split('/o/')[0]}/r/")
    run_tasks()
    assert len(mailoutbox) == 1
    assert copy_link(page, "zeynep@example.org") in mailoutbox[0].body

    respondent_page = new_context().new_page()
    respondent_page.goto(link)
    expect(respondent_page.get_by_role("heading", level=1)).to_have_text(f"{ORG} öz değerlendirmesi")
    pick_role(respondent_page, "Gönüllü", anonymous=True)
    choose(respondent_page, 7, Q7[4])
    choose(respondent_page, 8, Q8[2])
    press(respondent_page, "Kaydet ve ilerle")
    choose(respondent_page, 10, Q10[1])
    press(respondent_page, "Kaydet ve bitir")
    expect(respondent_page.get_by_text("Yanıtlarınız kaydedildi: 3 / 3 soru.")).to_be_visible()

    page.reload()
    # The links were shown once only.
    expect(page.get_by_role("heading", name="Yeni bağlantılar")).to_have_count(0)
    row = page.locator("tbody tr", has_text="Mehmet Yılmaz")
    expect(row.locator(".badge")).to_have_text("anonim")
    for revealing in ("Gönüllü", "tamamladı", "başladı", "3/3"):
        expect(row).not_to_contain_text(revealing)
    expect(page.locator("tbody tr", has_text="zeynep@example.org")).to_contain_text("henüz başlamadı")
    expect(page.get_by_text("Anonim yanıtlayanlar: 1 kişi başladı, 1 kişi tamamladı.")).to_be_visible()

    page.get_by_role("link", name="Örgüt raporu").click()
    expect(page.get_by_role("heading", name="Örgüt raporu", level=1)).to_be_visible()
    expect(page.locator("#ozet")).to_contain_text("1 kişi yanıtladı")
    # One anonymous answer alone would be that person's answer: it enters no figure (docs/privacy.md).
    expect(page.locator("#ozet")).to_contain_text("en az 2 anonim kişi daha gerekiyor")
    expect(page.locator("#soru-10")).to_contain_text("1 anonim yanıt bu soruda gösterilmiyor")
    expect(page.locator("#soru-10 .answer")).not_to_contain_text(Q10[1])
    expect(page.locator("article.report")).not_to_contain_text("Mehmet")


def test_revoked_link_stops_working(new_context, sign_in, coordinator, round_):
    coordinator_context = new_context()
    sign_in(coordinator_context, coordinator)
    page = coordinator_context.new_page()
    page.goto(f"/o/{round_.organization.slug}/rounds/{round_.pk}/")
    invite(page, ["Deniz"])
    link = copy_link(page, "Deniz")

    respondent_page = new_context().new_page()
    respondent_page.goto(link)
    expect(respondent_page.get_by_role("heading", level=1)).to_have_text(f"{ORG} öz değerlendirmesi")

    row = page.locator("tbody tr", has_text="Deniz")
    row.get_by_role("button", name="İptal et").click()
    expect(page.get_by_role("status")).to_have_text("Bağlantı iptal edildi.")
    expect(page.locator("tbody tr", has_text="Deniz")).to_contain_text("bağlantı iptal")

    response = respondent_page.reload()
    assert response.status == 410
    expect(respondent_page.get_by_role("heading", level=1)).to_have_text("Bu bağlantı iptal edildi")
    expect(respondent_page.get_by_role("button", name="Başla")).to_have_count(0)


def test_a_choice_is_saved_as_it_is_made(new_context, round_):
    """With JavaScript, htmx saves each click; closing the tab without pressing a button loses nothing."""
    ((respondent, token),) = services.invite(round_, [("Aylin", "")])
    page = new_context().new_page()
    blocked = watch_csp(page)
    page.goto(f"/r/{token}/")
    pick_role(page, "Çalışan")
    choose(page, 7, Q7[4])
    expect(page.get_by_role("status")).to_contain_text("Yanıtınız kaydedildi")
    page.reload()
    expect_chosen(page, 7, Q7[4])
    assert Respondent.objects.get(pk=respondent.pk).answers.get().choice.number == 4
    assert blocked == []


def _answer(round_, respondent, numbers):
    """Saves answers directly: question number → choice number (0 for Bilmiyorum)."""
    questionnaire = questionnaire_for(round_.version)
    chosen = {}
    for question in questionnaire.questions.values():
        options = question.scored_choices + [question.dont_know]
        chosen[question.pk] = next(c.pk for c in options if c.number == numbers[question.number])
    services.save_answers(respondent, questionnaire, chosen)


# References axe only reports as "incomplete" (it cannot tell a missing id from one added later).
DANGLING_REFERENCES = """() => [...document.querySelectorAll('[aria-describedby], [aria-labelledby], label[for]')]
  .flatMap(el => ['aria-describedby', 'aria-labelledby', 'for']
    .flatMap(attr => (el.getAttribute(attr) || '').split(/\\s+/).filter(Boolean)
      .filter(id => !document.getElementById(id))
      .map(id => `${el.tagName.toLowerCase()}#${el.id} ${attr}="${id}" points to no element`)))"""


def _axe_violations(page, axe_script, path):
    """Serious and critical axe-core violations on the page at path, one line each."""
    response = page.goto(path)
    assert response.ok, f"{path} answered {response.status}"
    page.add_script_tag(path=str(axe_script))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = [
        f"{path}: {v['id']} ({v['impact']}) {v['help']} → "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    return found + [f"{path}: {problem}" for problem in page.evaluate(DANGLING_REFERENCES)]


def test_pages_have_no_serious_accessibility_violations(new_context, sign_in, coordinator, round_, axe_script):
    mine = Respondent.objects.get(round=round_, user=coordinator)
    mine.role = "manager"
    mine.save(update_fields=["role"])
    _answer(round_, mine, {7: 3, 8: 0, 10: 3})
    (other, token), *_ = services.invite(round_, [("Deniz", "")])
    other.role = "staff"
    other.save(update_fields=["role"])
    _answer(round_, other, {7: 1, 8: 2, 10: 1})

    context = new_context(bypass_csp=True)  # axe is injected as a script the CSP would (rightly) refuse
    page = context.new_page()
    violations = []
    # Signed out: the signup page (and the login and home pages), and an invitee's own pages.
    for path in ("/accounts/signup/", "/accounts/login/", "/", f"/r/{token}/", f"/r/{token}/a/planlama/"):
        violations += _axe_violations(page, axe_script, path)
    sign_in(context, coordinator)
    base = f"/o/{round_.organization.slug}/rounds/{round_.pk}"
    pages = (
        "/o/",  # dashboard
        f"{base}/me/a/planlama/",  # questionnaire area
        f"{base}/me/report/",  # respondent report
        f"{base}/report/",  # organization report
        f"{base}/",  # round page
    )
    for path in pages:
        violations += _axe_violations(page, axe_script, path)
    assert not violations, "serious or critical accessibility violations:\n" + "\n".join(violations)

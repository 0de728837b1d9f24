"""Hostile content on every page and PDF that renders content: the prescription's harmless text is there,
and nothing active is (no script, handler, style, frame, form to elsewhere, or link but http(s)/mailto).

The content check refuses such a pack, so the content is put in behind its back: the renderer must hold
on its own. A page or PDF that renders content joins with one line in SURFACES.
"""

import dataclasses
import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from conftest import SMALL_PACK
from pusula.assessments import services
from pusula.content.pack import read_pack
from pusula.content.services import load_pack
from pusula.lib.tests.test_markdown import HOSTILE
from pusula.plans import services as plan_services
from pusula.reports.tests.factories import answer, respondent

pytestmark = pytest.mark.django_db

HARMLESS = "Zararsız öğüt cümlesi burada"
# For the fields shown as plain text: titles, question texts and help, choice statements.
HOSTILE_TEXT = f"{HARMLESS} <script>alert('metin')</script><img src=x onerror=alert(1)> [a](javascript:alert(2))"
HOSTILE_BODY = "\n\n".join([HARMLESS, *HOSTILE.values(), "Son paragraf da görünür."])

# name: (kind, path). {org}, {round} and {token} are the hostile round's; every path is fetched by its
# coordinator (a link path works for anyone holding the link).
SURFACES = {
    "respondent report": ("page", "/r/{token}/report/"),
    "respondent report, coordinator": ("page", "/o/{org}/rounds/{round}/me/report/"),
    "respondent PDF": ("pdf", "/r/{token}/report.pdf"),
    "respondent PDF, coordinator": ("pdf", "/o/{org}/rounds/{round}/me/report.pdf"),
    "round report": ("page", "/o/{org}/rounds/{round}/report/"),
    "round PDF": ("pdf", "/o/{org}/rounds/{round}/report.pdf"),
    "consensus page": ("page", "/o/{org}/rounds/{round}/consensus/"),
    "consensus meeting question": ("page", "/o/{org}/rounds/{round}/consensus/7/"),
    "paper sheet entry": ("page", "/o/{org}/rounds/{round}/paper/"),
    "blank questionnaire PDF": ("pdf", "/o/{org}/rounds/{round}/paper.pdf"),
    "questionnaire start": ("page", "/r/{token}/"),
    "questionnaire area": ("page", "/r/{token}/a/planlama/"),
    "questionnaire area, coordinator": ("page", "/o/{org}/rounds/{round}/me/a/katilim-ve-savunuculuk/"),
    "plan priorities": ("page", "/o/{org}/rounds/{round}/plan/priorities/"),
    "plan": ("page", "/o/{org}/rounds/{round}/plan/"),
    "new action": ("page", "/o/{org}/rounds/{round}/plan/actions/new/?q=7"),
    "action": ("page", "/o/{org}/rounds/{round}/plan/actions/{action}/"),
    "dashboard, due actions": ("page", "/o/"),
}

# Whatever the hostile content tried to point at or load; none may reach an attribute of the page.
POISON = ("javascript:", "vbscript:", "jav%09", "jav\t", "/etc/passwd", "127.0.0.1:9", "data:text", "smb:", "file:",
          "example.org/kotu", "x.swf", "../../gizli")  # fmt: skip
NEVER = {"iframe", "object", "embed", "style", "svg", "math", "base", "frame", "frameset", "applet"}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []
        self.open_script = None
        self.inline_scripts = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self.open_script = dict(attrs)

    def handle_endtag(self, tag):
        if tag == "script":
            self.open_script = None

    def handle_data(self, data):
        if self.open_script is not None and data.strip():
            self.inline_scripts.append(data)


def assert_page_inert(html):
    assert HARMLESS in html, "the prescription's harmless text is missing"
    parser = _Elements()
    parser.feed(html)
    assert not parser.inline_scripts, parser.inline_scripts
    for tag, attrs in parser.elements:
        assert tag not in NEVER, f"<{tag} {attrs}>"
        assert not any(name.startswith("on") for name in attrs), f"<{tag} {attrs}>"
        assert "style" not in attrs, f"<{tag} {attrs}>"
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/"), attrs
        if tag == "meta":
            assert "http-equiv" not in attrs or attrs["http-equiv"].lower() != "refresh", attrs
        if tag == "form":
            assert re.match(r"(/(?!/)|$)", attrs.get("action") or ""), attrs  # posts to this site only
        for name, value in attrs.items():
            if tag == "input" and name == "value":
                continue  # what someone typed, shown back in a form field: text, never followed or run
            for poison in POISON:
                assert poison not in (value or "").lower(), f"{poison!r} in <{tag} {name}={value!r}>"


def pdf_links(reader):
    return [
        annotation.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if annotation.get_object().get("/A")
    ]


def pdf_text(reader):
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def assert_pdf_inert(data):
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2  # a cover and the report: a page-blanking style would leave fewer or empty
    assert HARMLESS in pdf_text(reader), "the prescription's harmless text is missing from the PDF"
    for uri in pdf_links(reader):
        assert re.match(r"(https?://[^/\s]|mailto:)", uri), uri
        # pusula.invalid: a relative address got past the sanitizer and was resolved by the PDF's base
        assert not any(poison in uri.lower() for poison in (*POISON, "pusula.invalid")), uri
    for active in (b"/JavaScript", b"/JS ", b"/Launch", b"/SubmitForm", b"/EmbeddedFile", b"file:"):
        assert active not in data, active


@pytest.fixture
def hostile_round(organization, coordinator):
    """A round on the small pack with every text of the content hostile (a content version of its own)."""
    pack, problems = read_pack(SMALL_PACK)
    assert not problems
    for area in pack.areas:
        area.description = HOSTILE_BODY
        area.spec = area.spec.model_copy(update={"title": HOSTILE_TEXT})
        for prescription in filter(None, [area.dont_know]):
            prescription.body = HOSTILE_BODY
    for question in pack.questions():
        question.spec = question.spec.model_copy(update={"text": HOSTILE_TEXT, "help": HOSTILE_TEXT})
        for prescription in filter(None, [*question.choices.values(), question.dont_know]):
            prescription.body = HOSTILE_BODY
            prescription.spec = prescription.spec.model_copy(update={"title": HOSTILE_TEXT})
    load_pack(dataclasses.replace(pack, hash="f" * 64))
    round_ = services.start_round(organization, coordinator, "Zararlı içerik")
    me = round_.respondents.get()
    me.role = "manager"
    me.save()
    answer(me, {7: 1, 8: 0, 10: 3})
    respondent(round_, "staff", {7: 2, 8: 1, 10: 3})
    ((person, token),) = services.invite(round_, [("Veli", "")])
    person.role = "volunteer"
    person.save()
    answer(person, {7: 1, 8: 2, 10: 0})
    round_.token = token
    # What people type into the plan is hostile too, and the plan is rendered on pages and in the PDF.
    question = round_.version.questions.get(number=7)
    candidate = plan_services.candidate_for(round_, question)
    typed = {name: HOSTILE_TEXT for name in ("title", "responsible", "resources_needed", "success_indicator", "notes")}
    action = plan_services.create_action(
        round_, question, coordinator, {**typed, "due_on": datetime.date.today()}, candidate.resources
    )
    plan_services.add_progress(action, coordinator, datetime.date.today(), HOSTILE_TEXT)
    round_.action = action.pk
    return round_


@pytest.mark.parametrize("surface", SURFACES, ids=list(SURFACES))
def test_hostile_content_is_inert_where_it_is_rendered(coordinator_client, hostile_round, surface, download_pdf):
    kind, path = SURFACES[surface]
    url = path.format(
        org=hostile_round.organization.slug,
        round=hostile_round.pk,
        token=hostile_round.token,
        action=hostile_round.action,
    )
    if kind == "pdf":
        assert_pdf_inert(download_pdf(coordinator_client, url).content)
        return
    response = coordinator_client.get(url)
    assert response.status_code == 200, url
    assert_page_inert(response.content.decode())

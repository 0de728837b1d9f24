"""The issue's scenarios, attacked through everything the coordinator can download or open.

For each scenario the coordinator's whole view is collected over HTTP — round page, report page, the
PDF's text, CSV, XLSX (every sheet), JSON export, the API report, the consensus page — and every
anonymous answer must stay undetermined (tests/attacker.py): some other assignment of the anonymous
answers looks exactly the same.
"""

import base64
import io
import re

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import run_queued_tasks
from pusula.assessments.models import Answer
from pusula.content.questionnaire import questionnaire_for
from pusula.organizations.models import ApiToken
from pusula.reports.models import RenderedPdf
from pusula.reports.tests.attacker import determined
from pusula.reports.tests.factories import answer, respondent

pytestmark = pytest.mark.django_db

OPTIONS = {7: [0, 1, 2, 3, 4], 8: [0, 1, 2], 10: [0, 1, 2, 3, 4]}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DATA_URI = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _page(response):
    html = DATA_URI.sub(lambda m: base64.b64decode(m.group(1)).decode(), response.content.decode())
    return UUID.sub("ID", CSRF.sub("", html))


class CoordinatorView:
    def __init__(self, round_, coordinator, people, pdf=False):
        """people: [(respondent, answers)], the coordinator's own first. pdf: also read the PDF's text
        (slow; the PDF is the page's template in print mode, which the other views already cover)."""
        self.round = round_
        self.pdf = pdf
        self.people = [person for person, _answers in people]
        self.client = Client()
        self.client.force_login(coordinator)
        _row, self.token = ApiToken.issue(round_.organization, coordinator, "test")
        questionnaire = questionnaire_for(round_.version)
        self.questions = {q.number: q for q in questionnaire.questions.values()}
        self.base = f"/o/{round_.organization.slug}/rounds/{round_.pk}/"
        self.assignment = {(i, q): n for i, (_p, answers) in enumerate(people) for q, n in answers.items()}
        self.anonymous = [key for key in self.assignment if self.people[key[0]].anonymous]

    def _apply(self, assignment):
        for (index, number), choice_number in assignment.items():
            question = self.questions[number]
            choice = next(c for c in question.scored_choices + [question.dont_know] if c.number == choice_number)
            Answer.objects.filter(respondent=self.people[index], question=question).update(
                choice=choice, answered_at=timezone.now()
            )
        RenderedPdf.objects.all().delete()

    def _pdf(self):
        response = self.client.get(self.base + "report.pdf")
        if response.status_code == 202:  # rendered by the worker
            run_queued_tasks()
            response = self.client.get(self.base + "report.pdf")
        assert response["Content-Type"] == "application/pdf"
        return response.content

    def observe(self, assignment):
        self._apply(assignment)
        get = self.client.get
        pdf = PdfReader(io.BytesIO(self._pdf())).pages if self.pdf else []
        workbook = load_workbook(io.BytesIO(get(self.base + "export.xlsx").content))
        api = self.client.get(
            f"/api/v1/rounds/{self.round.pk}/report", headers={"authorization": f"Bearer {self.token}"}
        )
        assert api.status_code == 200
        seen = (
            _page(get(self.base)),
            _page(get(self.base + "report/")),
            _page(get(self.base + "consensus/")),
            _page(get(self.base + "me/report/")),
            "\n".join(page.extract_text() for page in pdf),
            get(self.base + "export.csv").content,
            [[row for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets],
            re.sub(rb'"generated_at": "[^"]+"', b"", get(self.base + "export.json").content),
            api.content,
        )
        self._apply(self.assignment)
        return seen

    def pinned(self):
        return determined(self.observe, self.assignment, self.anonymous, OPTIONS)


def _me(round_, role, answers):
    me = round_.respondents.get(user__isnull=False)
    me.role = role
    me.save()
    return answer(me, answers)


def test_association_with_two_named_colleagues_and_one_anonymous_volunteer(round_, coordinator):
    """Scenarios (a) and (b): per-person export rows; totals minus a role column minus one's own answers."""
    people = [
        (_me(round_, "manager", a := {7: 2, 8: 1, 10: 3}), a),
        (respondent(round_, "staff", b := {7: 1, 8: 2, 10: 2}), b),
        (respondent(round_, "board_member", c := {7: 3, 8: 1, 10: 4}), c),
        (respondent(round_, "volunteer", d := {7: 4, 8: 2, 10: 1}, anonymous=True), d),
    ]
    view = CoordinatorView(round_, coordinator, people, pdf=True)
    assert view.pinned() == []
    # The same observation does see a named colleague's answer change: it is not blind.
    assert view.observe({**view.assignment, (1, 7): 4}) != view.observe(view.assignment)
    report = view.client.get(view.base + "report/").content.decode()
    assert "Roller bu turda karşılaştırılamıyor" in report  # no false promise about roles
    assert "roller arası" not in report


def test_coordinator_sharing_a_role_with_one_anonymous_person(round_, coordinator):
    """Scenario (c): that role's column minus the coordinator's answer would be the other person's."""
    people = [
        (_me(round_, "staff", a := {7: 2, 8: 1, 10: 3}), a),
        (respondent(round_, "staff", b := {7: 4, 8: 2, 10: 1}, anonymous=True), b),
        (respondent(round_, "volunteer", c := {7: 1, 8: 2, 10: 2}), c),
        (respondent(round_, "volunteer", d := {7: 3, 8: 1, 10: 2}), d),
    ]
    assert CoordinatorView(round_, coordinator, people).pinned() == []


def test_two_people_in_a_role_one_of_them_anonymous(round_, coordinator):
    """Scenario (d): the anonymous one used to be a per-person row in the exports."""
    people = [
        (_me(round_, "manager", a := {7: 2, 8: 1, 10: 3}), a),
        (respondent(round_, "staff", b := {7: 1, 8: 2, 10: 2}), b),
        (respondent(round_, "staff", c := {7: 3, 8: 0, 10: 4}, anonymous=True), c),
        (respondent(round_, "board_member", d := {7: 4, 8: 2, 10: 1}), d),
        (respondent(round_, "board_chair", e := {7: 4, 8: 1, 10: 2}), e),
    ]
    view = CoordinatorView(round_, coordinator, people)
    assert view.pinned() == []


def test_three_anonymous_volunteers_enter_the_totals_and_stay_undetermined(round_, coordinator):
    round_.named_answers_visible = True  # the worst case: every named answer is visible to the coordinator
    round_.save()
    people = [
        (_me(round_, "manager", a := {7: 2, 8: 1, 10: 3}), a),
        (respondent(round_, "staff", b := {7: 1, 8: 2, 10: 2}), b),
        (respondent(round_, "staff", c := {7: 2, 8: 2, 10: 2}), c),
        (respondent(round_, "volunteer", d := {7: 4, 8: 1, 10: 1}, anonymous=True), d),
        (respondent(round_, "volunteer", e := {7: 3, 8: 2, 10: 1}, anonymous=True), e),
        (respondent(round_, "member", f := {7: 3, 8: 1, 10: 2}, anonymous=True), f),
    ]
    view = CoordinatorView(round_, coordinator, people)
    document = view.client.get(view.base + "export.json").json()
    assert document["report"]["questions"][0]["levels"] == {"1": 1, "2": 2, "3": 2, "4": 1}  # anonymous ones in
    assert {row["respondent"] for row in document["individual_answers"]} == {"Y01", "Y02", "Y03"}
    assert view.pinned() == []

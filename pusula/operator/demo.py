"""Synthetic organizations for a demo instance, trainings and the benchmark: `pusula demo`.

Every organization has a hidden capability per area; its people's answers scatter around it, so that
areas, cities and fields differ the way real ones would. A sample of organizations gets real
respondents, answers, (for some) a consensus and an improvement plan, summarised by the same writer as
real rounds; the rest get their summaries directly, in batches, which is what makes 100,000
organizations take minutes.
The same seed makes the same organizations: run twice, the second run adds nothing.
"""

import random
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from pusula.accounts.models import User
from pusula.assessments.models import Answer, ConsensusAnswer, Respondent, Role, Round
from pusula.content.questionnaire import questionnaire_for
from pusula.operator.models import AreaScore, QuestionScore, RoundSummary
from pusula.operator.summaries import band, forget_sector_figures, write_round_summary
from pusula.organizations.models import Membership, Organization, SizeBand
from pusula.organizations.profile import FIELDS_OF_WORK, OTHER, PROVINCES
from pusula.plans import services as plan_services
from pusula.plans.models import Action
from pusula.reports.scoring import choice_score, mean

BATCH = 2000
# Provinces with most associations come up more often (a rough weighting, not official statistics).
BIG_CITIES = {"İstanbul": 30, "Ankara": 12, "İzmir": 8, "Bursa": 4, "Antalya": 3, "Konya": 3, "Adana": 3}
CITY_WEIGHTS = [BIG_CITIES.get(name, 1) for name in PROVINCES]
FIELDS = [value for value, _label in FIELDS_OF_WORK if value != OTHER]
NAME_WORDS = {
    "women": ["Kadın Dayanışma", "Kadın Emeği", "Eşit Yaşam"],
    "children-youth": ["Gençlik", "Çocuk Dostu", "Genç Adımlar"],
    "education": ["Eğitim Gönüllüleri", "Okuma Kültürü", "Öğrenen Toplum"],
    "health": ["Sağlıklı Yaşam", "Hasta Hakları", "Halk Sağlığı"],
    "disability": ["Engelsiz Yaşam", "Erişilebilir Kent", "Birlikte Yaşam"],
    "human-rights": ["İnsan Hakları", "Demokrasi İzleme", "Hak Temelli"],
    "environment": ["Doğa Koruma", "İklim", "Temiz Su"],
    "migration": ["Göç ve Uyum", "Mülteci Destek", "Komşuluk"],
    "poverty": ["Sosyal Dayanışma", "Gıda Bankası", "Yardımlaşma"],
    "disaster": ["Afet Gönüllüleri", "Arama Kurtarma", "Dayanıklı Toplum"],
    "culture": ["Kültür Sanat", "Halk Dansları", "Amatör Spor"],
    "local": ["Kent Konseyi Gönüllüleri", "Mahalle Dayanışma", "Yerel Katılım"],
    "economy": ["Kadın Üretici", "Esnaf Dayanışma", "Genç İstihdam"],
}
FORMS = [("Derneği", 70), ("Vakfı", 15), ("Platformu", 8), ("Kooperatifi", 7)]
SIZES = [(SizeBand.VOLUNTEER_ONLY, 45), (SizeBand.SMALL, 35), (SizeBand.MEDIUM, 15), (SizeBand.LARGE, 5)]
ROLES = [Role.STAFF, Role.MANAGER, Role.BOARD_MEMBER, Role.BOARD_CHAIR, Role.VOLUNTEER, Role.MEMBER]
# The demo's improvement plans: plain steps a coordinator might write, not prescriptions.
ACTION_TITLES = [
    "Yönetim kuruluyla bu konuyu gündeme alan bir çalışma toplantısı yapmak",
    "Konudan sorumlu üç kişilik bir çalışma grubu kurmak",
    "Yazılı bir yöntem belgesi taslağı hazırlayıp yönetim kuruluna sunmak",
    "İlgili öğrenme kaynağını ekipçe çalışıp ne uygulayacağımıza karar vermek",
    "Benzer bir örgütle deneyim paylaşımı görüşmesi yapmak",
    "Yeni uygulamayı bir projede deneyip sonucu değerlendirmek",
]
RESPONSIBLE = ["Koordinatör", "Yönetim kurulu başkanı", "Genel sekreter", "Mali sorumlu", "Gönüllü koordinatörü"]
INDICATORS = [
    "Belge yönetim kurulunda kabul edildi",
    "Çalışma grubu en az üç kez toplandı",
    "Ekipten en az iki kişi eğitimi tamamladı",
    "Yeni uygulama bir projede denendi ve değerlendirildi",
]
PROGRESS = ["İlk toplantı yapıldı, görev dağılımı netleşti.", "Taslak hazırlandı, geri bildirim bekleniyor."]
ACTION_STATUSES = [
    (Action.Status.PLANNED, 40),
    (Action.Status.IN_PROGRESS, 35),
    (Action.Status.DONE, 20),
    (Action.Status.DROPPED, 5),
]


def pick(rng, weighted):
    return rng.choices([item for item, _w in weighted], weights=[w for _i, w in weighted])[0]


@contextmanager
def dates_as_given(*fields):
    """bulk_create with the creation dates the demo chose, instead of `auto_now_add` stamping now."""
    saved = [(field, field.auto_now_add) for field in fields]
    for field, _value in saved:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field, value in saved:
            field.auto_now_add = value


def round_spread(rng, ambiguity):
    """How far apart a synthetic organization's members answered one question (0–100 scale)."""
    return round(min(abs(rng.gauss(ambiguity, 8)), 50.0), 1)


def slug_prefix(seed):
    return f"demo-{seed}-"


class Generator:
    def __init__(self, version, seed, sample, progress=None):
        self.questionnaire = questionnaire_for(version)
        self.version = version
        self.seed = seed
        self.sample = sample
        self.progress = progress
        self.now = timezone.now()
        self.password = make_password(None)  # demo coordinators cannot log in until given a password
        # Some questions' choice ladders read less clearly than others: their members disagree more.
        ambiguity = random.Random(f"{seed}:ambiguity")
        self.ambiguity = {q.number: ambiguity.uniform(5, 25) for q in self.questionnaire.questions.values()}
        self.plan = [
            (q.number, q.area.slug, [(c.number, choice_score(c)) for c in q.scored_choices], self.ambiguity[q.number])
            for q in self.questionnaire.questions.values()
        ]

    def rng_for(self, index):
        return random.Random(f"{self.seed}:{index}")

    def run(self, count):
        existing = set(
            Organization.objects.filter(slug__startswith=slug_prefix(self.seed)).values_list("slug", flat=True)
        )
        todo = [i for i in range(count) if self._slug(i) not in existing]
        sampled = set(random.Random(self.seed).sample(range(count), min(self.sample, count)))
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:  # index pages stay in memory while millions of rows go in
                cursor.execute("PRAGMA cache_size = -262144")
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            with transaction.atomic():
                self._batch(batch, sampled)
            if self.progress:
                self.progress.update(len(batch))
        forget_sector_figures()
        return len(todo)

    def _slug(self, index):
        return f"{slug_prefix(self.seed)}{index:06d}"

    def _organization(self, index, rng):
        field = rng.choice(FIELDS)
        city = rng.choices(PROVINCES, weights=CITY_WEIGHTS)[0]
        name = f"{city} {rng.choice(NAME_WORDS[field])} {pick(rng, FORMS)}"
        return Organization(
            name=name,
            slug=self._slug(index),
            city=city,
            field_of_work=field,
            size_band=pick(rng, SIZES),
            counted_in_comparisons=rng.random() < 0.6,
            created_at=self.now - timedelta(days=rng.randint(30, 720), minutes=rng.randint(0, 1440)),
        )

    def _capabilities(self, organization, rng):
        """0–1 per area: larger organizations are a little further along, areas differ."""
        base = {"volunteers": 0.3, "1-5": 0.4, "6-20": 0.5, "21+": 0.6}[organization.size_band]
        return {area.slug: min(max(rng.gauss(base, 0.2), 0.0), 1.0) for area in self.questionnaire.areas}

    @staticmethod
    def _pick(ladder, capability, rng, noise):
        """(choice number, score) from a question's precomputed ladder: the fast path of `_choice`."""
        if rng.random() < 0.05:
            return 0, None
        position = min(max(rng.gauss(capability, noise), 0.0), 0.999)
        return ladder[int(position * len(ladder))]

    def _choice(self, question, capability, rng, noise=0.15):
        if rng.random() < 0.05:
            return question.dont_know
        steps = question.scored_choices
        position = min(max(rng.gauss(capability, noise), 0.0), 0.999)
        return steps[int(position * len(steps))]

    def _batch(self, indexes, sampled):
        rngs = {i: self.rng_for(i) for i in indexes}
        with dates_as_given(Organization._meta.get_field("created_at"), Round._meta.get_field("created_at")):
            organizations = Organization.objects.bulk_create([self._organization(i, rngs[i]) for i in indexes])
            rounds = []
            for index, organization in zip(indexes, organizations, strict=True):
                rng = rngs[index]
                organization.capabilities = self._capabilities(organization, rng)
                created = organization.created_at + timedelta(days=rng.randint(1, 25))
                if rng.random() < 0.15:  # an earlier, closed round as well
                    rounds.append(self._round(organization, created, rng, name="İlk öz değerlendirme"))
                    created += timedelta(days=rng.randint(120, 360))
                rounds.append(self._round(organization, min(created, self.now), rng, name="Öz değerlendirme"))
            rounds = Round.objects.bulk_create(rounds)
        synthetic = []
        by_org = {}
        for round in rounds:
            by_org.setdefault(round.organization_id, []).append(round)
        for index, organization in zip(indexes, organizations, strict=True):
            rng = rngs[index]
            if index in sampled:
                self._with_people(organization, by_org[organization.pk], rng)
            else:
                synthetic.append((organization, by_org[organization.pk], rng))
        self._summaries(synthetic)

    def _round(self, organization, created, rng, name):
        closed = created + timedelta(days=rng.randint(7, 40))
        return Round(
            organization=organization,
            version=self.version,
            name=name,
            created_at=created,
            closed_at=closed if closed < self.now and rng.random() < 0.85 else None,
        )

    def _with_people(self, organization, rounds, rng):
        """Real respondents and answers, a consensus for some, and the real summary writer."""
        user = User.objects.create(
            email=f"{organization.slug}@example.org", name=f"{organization.name} koordinatörü", password=self.password
        )
        Membership.objects.create(user=user, organization=organization)
        for round in rounds:
            people = Respondent.objects.bulk_create(
                Respondent(
                    round=round,
                    number=number,
                    user=user if number == 1 else None,
                    role=rng.choice(ROLES),
                    anonymous=number > 1 and rng.random() < 0.3,
                    started_at=round.created_at,
                    finished_at=round.created_at + timedelta(days=rng.randint(0, 6)),
                )
                for number in range(1, rng.randint(3, 9))
            )
            answers = []
            for person in people:
                for question in self.questionnaire.questions.values():
                    choice = self._choice(question, organization.capabilities[question.area.slug], rng, noise=0.25)
                    answers.append(Answer(respondent=person, question=question, choice=choice))
            Answer.objects.bulk_create(answers)
            if round.closed_at and rng.random() < 0.5:
                ConsensusAnswer.objects.bulk_create(
                    ConsensusAnswer(
                        round=round,
                        question=question,
                        choice=self._choice(question, organization.capabilities[question.area.slug], rng, noise=0.05),
                        note="Toplantıda konuşuldu.",
                        recorded_by=user,
                    )
                    for question in self.questionnaire.questions.values()
                )
            if round.closed_at:
                write_round_summary(round)
                if rng.random() < 0.6:
                    self._plan(round, user, rng)

    def _plan(self, round, user, rng):
        """An improvement plan from the round's own candidates: the lowest answers, rated, two or three
        actions with dates, learning resources from their prescriptions and, once started, progress."""
        candidates = plan_services.candidates(round)[:4]
        plan_services.save_ratings(round, {c.question.pk: (rng.randint(2, 5), rng.randint(2, 5)) for c in candidates})
        start = timezone.localdate(round.closed_at) + timedelta(days=rng.randint(3, 14))
        for candidate in candidates[: rng.randint(2, 3)]:
            status = pick(rng, ACTION_STATUSES)
            due = start + timedelta(days=rng.randint(30, 150))
            action = plan_services.create_action(
                round,
                candidate.question,
                user,
                {
                    "title": rng.choice(ACTION_TITLES),
                    "responsible": rng.choice(RESPONSIBLE),
                    "starts_on": start,
                    "due_on": due,
                    "status": status,
                    "success_indicator": rng.choice(INDICATORS),
                },
                candidate.resources[:2],
            )
            if status != Action.Status.PLANNED:
                plan_services.add_progress(action, user, min(start + timedelta(days=20), due), rng.choice(PROGRESS))

    def _summaries(self, synthetic):
        """Summaries written directly, for organizations without stored answers: plain numbers, no model
        instances below the summary row, as this is where 100,000 organizations spend their time."""
        summaries, details = [], []
        for organization, rounds, rng in synthetic:
            closed = [r for r in rounds if r.closed_at]
            latest = max(closed, key=lambda r: r.created_at, default=None)
            capabilities = organization.capabilities
            for round in closed:
                chosen, per_area = [], {}
                for number, area, ladder, ambiguity in self.plan:
                    choice, score = self._pick(ladder, capabilities[area], rng, noise=0.1)
                    chosen.append((number, choice, score, round_spread(rng, ambiguity)))
                    if score is not None:
                        per_area.setdefault(area, []).append(score)
                area_scores = {area: mean(scores) for area, scores in per_area.items()}
                summaries.append(
                    RoundSummary(
                        round=round,
                        organization=organization,
                        completed=True,
                        summarised_on=timezone.localdate(round.closed_at),
                        respondents=rng.randint(2, 9),
                        overall=mean(area_scores.values()),
                        latest=round is latest,
                    )
                )
                details.append((chosen, area_scores))
        summaries = RoundSummary.objects.bulk_create(summaries, batch_size=BATCH)
        areas, questions = [], []
        for summary, (chosen, area_scores) in zip(summaries, details, strict=True):
            pk, latest = summary.pk, summary.latest
            areas.extend((pk, area, score, band(score), latest) for area, score in area_scores.items())
            questions.extend((pk, number, choice, score, spread, latest) for number, choice, score, spread in chosen)
        insert_rows(AreaScore, ("summary_id", "area", "score", "band", "latest"), areas)
        insert_rows(QuestionScore, ("summary_id", "question", "choice", "score", "spread", "latest"), questions)


def insert_rows(model, columns, rows):
    """Plain rows straight into the model's table: COPY on PostgreSQL, executemany on SQLite.

    Millions of summary rows through model instances would take the ORM minutes; these are plain numbers
    and slugs the generator made itself.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608

"""The coordinator's next step: one obvious thing to do at every point of a round.

invite → answer yourself → follow progress and remind → close → consensus meeting → report
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass
class Step:
    key: str
    title: str
    done: bool
    current: bool = False
    action: str = ""  # the button's words when this is the current step
    url: str = ""


def coordinator_steps(
    round, *, invited, unfinished, mine_answered, mine_finished, consensus, questions, reminders_due=0
):
    """The steps of a round for its coordinator, the first not yet done marked current.

    invited: people other than the coordinator; unfinished: invited people who have not finished;
    mine_answered/mine_finished: the coordinator's own progress (mine_finished None when they do not
    answer); consensus: questions agreed; questions: the questionnaire's length.
    """
    slug, pk = round.organization.slug, round.pk
    is_open = round.is_open

    def url(name, anchor=""):
        return reverse(name, kwargs={"org": slug, "round_pk": pk}) + anchor

    answering = mine_finished is not None
    steps = [
        Step(
            "invite",
            _("Kişi davet edin"),
            done=invited > 0 or not is_open,
            action=_("Kişi davet edin"),
            url=url("assessments:round", "#davet"),
        ),
        Step(
            "answer",
            _("Kendiniz yanıtlayın"),
            done=not answering or mine_finished or not is_open,
            action=_("Yanıtlamaya devam edin (%(a)d / %(n)d)") % {"a": mine_answered, "n": questions}
            if mine_answered
            else _("Kendi yanıtlarınızı verin"),
            url=url("mine:start"),
        ),
        Step(
            "follow",
            _("İlerlemeyi izleyin, hatırlatın"),
            done=(invited > 0 and unfinished == 0) or not is_open,
            action=_("Tamamlamayanlara hatırlatma gönderin") if reminders_due else _("İlerlemeyi izleyin"),
            url=url("assessments:round", "#yanitlayanlar"),
        ),
        Step(
            "close",
            _("Değerlendirmeyi kapatın"),
            done=not is_open,
            action=_("Değerlendirmeyi kapatın"),
            url=url("assessments:round", "#kapat"),
        ),
        Step(
            "meeting",
            _("Uzlaşı toplantısı"),
            done=consensus >= questions,
            action=_("Uzlaşı toplantısını sürdürün (%(k)d / %(n)d)") % {"k": consensus, "n": questions}
            if consensus
            else _("Uzlaşı toplantısını başlatın"),
            url=url("assessments:consensus"),
        ),
        Step("report", _("Raporu okuyun"), done=False, action=_("Örgüt raporunu okuyun"), url=url("reports:round")),
    ]
    next(step for step in steps if not step.done).current = True
    return steps


def next_step(steps):
    return next(step for step in steps if step.current)


def share_urls(round, link, minutes, email=""):
    """Links that hand a personal link to a messaging app or a mail program: plain URLs, no JavaScript.
    The mail is addressed to `email` when the person has one; else the mail program asks."""
    text = _(
        "Merhaba, %(org)s öz değerlendirmesine katılmanızı rica ediyoruz (yaklaşık %(low)d–%(high)d dakika). "
        "Kişisel bağlantınız: %(link)s"
    ) % {"org": round.organization.name, "low": minutes[0], "high": minutes[1], "link": link}
    subject = _("%(org)s öz değerlendirmesine davetlisiniz") % {"org": round.organization.name}
    return {
        "whatsapp": "https://wa.me/?text=" + quote(text, safe=""),
        "mailto": f"mailto:{quote(email, safe='@+')}?" + urlencode({"subject": subject, "body": text}, quote_via=quote),
    }

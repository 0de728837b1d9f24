"""Small helpers to put answered respondents into a round without going through the pages."""

from pusula.assessments import services
from pusula.assessments.models import Respondent


def answer(respondent, numbers):
    """numbers: question number → choice number (0 = Bilmiyorum)."""
    questionnaire = respondent.round.questionnaire
    by_number = {q.number: q for q in questionnaire.questions.values()}
    chosen = {}
    for question_number, choice_number in numbers.items():
        question = by_number[question_number]
        options = question.options
        chosen[question.pk] = next(c.pk for c in options if c.number == choice_number)
    services.save_answers(respondent, questionnaire, chosen)
    return respondent


def respondent(round_, role, numbers, anonymous=False):
    ((person, _token),) = services.invite(round_, [("", "")])
    Respondent.objects.filter(pk=person.pk).update(role=role, anonymous=anonymous)
    person.role, person.anonymous = role, anonymous
    return answer(person, numbers)

from django_tasks import task

from pusula.assessments.models import Round
from pusula.operator.summaries import write_round_summary


@task()
def summarise_round(round_pk):
    """Writes a round's summary in the background (`pusula db_worker`); a round deleted since is skipped."""
    assessment_round = Round.objects.select_related("organization", "version").filter(pk=round_pk).first()
    if assessment_round is not None:
        write_round_summary(assessment_round)

from django_tasks import task

from pusula.outbox import services


@task()
def deliver_mail(mail_pk):
    return services.deliver(mail_pk)

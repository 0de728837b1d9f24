"""An action is reached only through its round, and the round only through the request's organization."""

from django.shortcuts import get_object_or_404

from pusula.plans.models import Action


def get_action(round, action_pk):
    return get_object_or_404(Action.objects.for_round(round), pk=action_pk)

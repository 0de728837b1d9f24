"""Tenant scoping in one place: every organization URL resolves here, outsiders get 404."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404

from pusula.organizations.models import Organization


def organization_view(view):
    """For views under /o/<org>/: sets request.organization for members; 404 for anyone else."""

    @wraps(view)
    def wrapper(request, org, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        request.organization = get_object_or_404(Organization.objects.for_user(request.user), slug=org)
        return view(request, *args, **kwargs)

    return wrapper

"""Who is an operator, in one place: a staff user holding the operator permission."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

OPERATOR_PERMISSION = "operator.operate"


def operator_permission():
    """The Permission row behind OPERATOR_PERMISSION, to grant in the admin or in tests."""
    from django.contrib.auth.models import Permission

    app_label, codename = OPERATOR_PERMISSION.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def is_operator(user):
    return user.is_authenticated and user.is_active and user.is_staff and user.has_perm(OPERATOR_PERMISSION)


def operator_view(view):
    """For the operator's pages: visitors are sent to log in, everyone else who is not an operator gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_operator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper

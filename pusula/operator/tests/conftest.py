import pytest

from pusula.operator.access import operator_permission


@pytest.fixture
def operator_user(django_user_model):
    """A support centre worker: staff, with the operator permission."""
    user = django_user_model.objects.create_user(email="destek@example.org", password="x", is_staff=True)
    user.user_permissions.add(operator_permission())
    return user


@pytest.fixture
def operator_client(client, operator_user):
    client.force_login(operator_user)
    return client

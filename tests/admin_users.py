import pytest
from django.contrib.auth.models import Group
from django.test import Client

from haidian.backoffice.scoping import AGENCY_EDITOR_GROUP, CENTER_ADMIN_GROUP
from tests import factories


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def editor_of(agency=None, **kwargs):
    """An agency editor (the group from the data migration plus a membership) of ``agency``."""
    member = factories.AgencyMemberFactory(agency=agency or factories.AgencyFactory(), **kwargs)
    member.user.groups.add(Group.objects.get(name=AGENCY_EDITOR_GROUP))
    return member.user


@pytest.fixture
def make_editor(db):
    """``make_editor(agency=None, **member_fields)``: see ``editor_of``."""
    return editor_of


@pytest.fixture
def center_admin(db):
    user = factories.StaffUserFactory(username="center-admin")
    user.groups.add(Group.objects.get(name=CENTER_ADMIN_GROUP))
    return user


@pytest.fixture
def center_client(center_admin):
    return login(center_admin)

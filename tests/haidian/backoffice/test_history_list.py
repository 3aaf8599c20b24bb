"""The list of a record's changes names who and why in words, not Python's None: a change by no
user (a command, the worker) and a change saved without a reason."""

import pytest
from django.contrib.auth import get_user_model

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "no_user", "no_reason"),
    [("en", "System (no user)", "No reason given"), ("zh-hans", "系统（无用户）", "未说明原因")],
)
def test_a_change_by_no_user_and_without_a_reason_says_so(client, language, no_user, no_reason):
    administrator = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    client.force_login(administrator)
    listing = factories.TechnologyFactory()  # created by no user, with no reason
    listing.title_en = "Renamed"
    listing._change_reason = "Spelling of the title"
    listing.save()

    html = client.get(
        f"/admin/listings/technology/{listing.pk}/history/", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    table = html[
        html.index('id="change-history"') : html.index("</table>", html.index('id="change-history"'))
    ]
    assert "None" not in table
    assert table.count(no_user) == 2 and table.count(no_reason) == 1
    assert "Spelling of the title" in table

"""Financing needs posted from the public site: submit, confirm by the e-mailed link, the center
publishes or declines through the need's workflow, the company hears by e-mail and may withdraw."""

import re

import pytest
from django.contrib.auth.models import Permission

from financing import services
from financing.models import FinancingNeed, FinancingNeedSubmission, NeedStatus
from haidian.core import workflow
from haidian.core.workflow import TransitionError
from tests import factories
from tests.admin_users import login

pytestmark = pytest.mark.django_db

SUBMIT = "/en/financing/needs/submit/"
QUEUE = "/admin/financing/financingneedsubmission/"


@pytest.fixture
def form_data(db):
    sector = factories.SectorFactory(name_en="Genomics")
    return {
        "contact_name": "Zhang Min",
        "email": "zhang.min@example.cn",
        "organization_name": "Haidian Genomics Co.",
        "country": "CN",
        "title": "Working capital for a sequencing lab",
        "purpose": "Two new sequencers.",
        "financing_type": "ip_pledge",
        "amount_cny": "5000000",
        "term_months": "36",
        "stage": "growth",
        "sectors": [sector.slug],
        "consent": "on",
    }


def link_in(mail, purpose: str) -> str:
    return re.search(rf"https?://[^/\s]+(/\S+/{purpose}/\S+/)", mail.body).group(1)


@pytest.fixture
def submitted(client, form_data, mailoutbox, django_capture_on_commit_callbacks):
    """Posted and confirmed: the need is a draft in the center's queue."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SUBMIT, form_data)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_in(mailoutbox[0], "confirm"))
    return FinancingNeedSubmission.objects.get()


def test_the_need_is_a_hidden_draft_until_the_center_publishes_it(
    client, submitted, center_admin, mailoutbox, django_capture_on_commit_callbacks
):
    need = submitted.need
    assert need.status == NeedStatus.DRAFT and need.title_en == "Working capital for a sequencing lab"
    assert need.company.name_en == "Haidian Genomics Co." and need.company.kind == "company"
    assert not FinancingNeed.objects.published().exists()
    assert client.get(need.get_absolute_url()).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        services.need_publish(need=need, by=center_admin)
    assert client.get(need.get_absolute_url()).status_code == 200
    mail = mailoutbox[-1]
    assert mail.subject == "Your submission is published" and need.get_absolute_url() in mail.body


def test_malformed_input_is_a_form_error(client, form_data, mailoutbox):
    for change, field in [
        ({"amount_cny": "-5"}, "amount_cny"),
        ({"amount_cny": "1e400"}, "amount_cny"),
        ({"deadline": "2020-01-01"}, "deadline"),
        ({"financing_type": "gift"}, "financing_type"),
        ({"title": "\x00"}, "title"),
    ]:
        response = client.post(SUBMIT, {**form_data, **change})
        assert response.status_code == 400, change
        assert field in response.context["form"].errors, change
    assert not FinancingNeedSubmission.objects.exists() and not mailoutbox


def test_honeypot_and_rate_limit(client, form_data, settings, mailoutbox):
    assert client.post(SUBMIT, {**form_data, "website": "x"}).status_code == 302
    assert not FinancingNeedSubmission.objects.exists()
    settings.SUBMISSION_RATE_LIMIT = 1
    assert [client.post(SUBMIT, form_data).status_code for _ in range(2)] == [302, 429]


def test_a_chinese_submission_is_answered_in_chinese(
    client, form_data, mailoutbox, center_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/zh-hans/financing/needs/submit/", {**form_data, "title": "测序实验室流动资金"})
    assert mailoutbox[0].subject == "请确认您向海淀国际技术转移中心的提交"
    assert "/zh-hans/financing/needs/submit/confirm/" in mailoutbox[0].body
    client.post(link_in(mailoutbox[0], "confirm"))
    need = FinancingNeed.objects.get()
    assert need.title_zh_hans == "测序实验室流动资金" and not need.title_en
    with django_capture_on_commit_callbacks(execute=True):
        services.need_withdraw(need=need, by=center_admin, reason="信息不完整")
    assert mailoutbox[-1].subject == "您的提交未获发布" and "信息不完整" in mailoutbox[-1].body


def test_only_the_center_publishes(submitted, make_editor, center_admin):
    assert workflow.may(FinancingNeed, "publish", center_admin)
    assert not workflow.may(FinancingNeed, "publish", make_editor())


def test_a_published_need_cannot_be_published_again(submitted, center_admin):
    services.need_publish(need=submitted.need, by=center_admin)
    with pytest.raises(TransitionError):
        services.need_publish(need=submitted.need, by=center_admin)


def test_the_admin_buttons_publish_and_decline(
    submitted, center_client, mailoutbox, django_capture_on_commit_callbacks
):
    need = submitted.need
    url = f"/admin/financing/financingneed/{need.pk}/"
    page = center_client.get(f"{url}change/")
    assert [button.name for button in page.context["workflow_buttons"]] == ["publish", "withdraw"]
    with django_capture_on_commit_callbacks(execute=True):
        center_client.post(
            f"{url}workflow/",
            {
                "workflow": "withdraw",
                "reason": "Not a technology company",
                "concurrency_token": page.context["workflow_token"],
            },
        )
    need.refresh_from_db()
    assert need.status == NeedStatus.WITHDRAWN
    assert "Not a technology company" in mailoutbox[-1].body
    assert need.history.first().history_change_reason == "Withdrawn: Not a technology company"


def test_the_company_withdraws_through_the_signed_link(
    client, submitted, center_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.need_publish(need=submitted.need, by=center_admin)
    link = link_in(mailoutbox[-1], "withdraw")
    client.post(link)
    assert client.post(link).status_code == 200  # a second click is harmless
    submitted.refresh_from_db()
    assert submitted.need.status == NeedStatus.WITHDRAWN and submitted.withdrawn_at is not None
    assert not FinancingNeed.objects.published().exists()
    assert "Withdrawn by the submitter" in login(center_admin).get(QUEUE).content.decode()


def test_forged_links_and_a_repeated_confirmation(client, submitted, mailoutbox):
    assert client.post("/en/financing/needs/submit/withdraw/garbage/").status_code == 400
    client.post(link_in(mailoutbox[0], "confirm"))  # clicked again
    assert FinancingNeed.objects.count() == 1


def test_the_queue_is_the_centers(submitted, make_editor):
    member = make_editor()
    member.user_permissions.add(*Permission.objects.filter(codename__endswith="financingneedsubmission"))
    assert login(member).get(QUEUE).status_code == 403

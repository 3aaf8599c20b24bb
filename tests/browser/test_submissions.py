"""The SME journey in a real browser: a company posts a financing need from the needs page,
confirms it by the link in the e-mail, the center publishes it in the back office, and the need
is on the public page; in both languages, at phone and desktop widths, with axe on every step."""

import re

import pytest
from django.contrib.auth.models import Group

from financing.models import FinancingNeed, NeedStatus
from haidian.backoffice.scoping import CENTER_ADMIN_GROUP
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLES = {"en": "Working capital for a sequencing lab", "zh-hans": "测序实验室流动资金"}


@pytest.fixture
def center_user():
    user = factories.StaffUserFactory(username="center-moderator")
    user.groups.add(Group.objects.get(name=CENTER_ADMIN_GROUP))
    return user


@pytest.mark.parametrize(("lang", "width"), [("en", 1280), ("zh-hans", 375)])
def test_an_sme_posts_a_financing_need_and_the_center_publishes_it(
    visit, mailoutbox, center_user, lang, width
):
    factories.SectorFactory(name_en="Genomics", name_zh_hans="基因组学")
    visitor = visit(width=width)
    page = visitor.page
    shot = f"submission-{{}}-{lang}-{width}"

    visitor.goto(f"/{lang}/financing/needs/")
    page.locator("main a[href$='/financing/needs/submit/']").first.click()
    page.wait_for_url(re.compile(r"/financing/needs/submit/$"))
    visitor.screenshot(shot.format("1-form"))
    assert visitor.axe() == []
    page.fill("#id_contact_name", "Zhang Min")
    page.fill("#id_email", "zhang.min@example.cn")
    page.fill("#id_organization_name", "Haidian Genomics")
    page.select_option("#id_country", "CN")
    page.fill("#id_title", TITLES[lang])
    page.fill("#id_purpose", "Two new sequencers for the clinical lab.")
    page.select_option("#id_financing_type", "ip_pledge")
    page.fill("#id_amount_cny", "5000000")
    page.fill("#id_term_months", "36")
    page.select_option("#id_stage", "growth")
    page.locator("input[name=sectors]").first.check()
    page.check("#id_consent")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/financing/needs/submit/sent/"))
    visitor.screenshot(shot.format("2-sent"))
    assert visitor.axe() == []

    (mail,) = mailoutbox
    confirm = re.search(r"https?://[^/\s]+(/\S+/confirm/\S+/)", mail.body).group(1)
    assert confirm.startswith(f"/{lang}/")
    visitor.goto(confirm)
    visitor.screenshot(shot.format("3-confirm"))
    assert visitor.axe() == []
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("main h1")
    visitor.screenshot(shot.format("4-confirmed"))
    need = FinancingNeed.objects.get()
    assert need.status == NeedStatus.DRAFT
    assert visitor.goto(need.get_absolute_url().replace("/en/", f"/{lang}/")).status == 404

    staff = visit(width=1280)
    staff.log_in(center_user)
    staff.goto(f"/admin/financing/financingneed/{need.pk}/change/")
    staff.page.locator("form.workflow button[value=publish]").click()
    staff.page.wait_for_selector(".messagelist")
    staff.screenshot(shot.format("5-published-in-the-admin"))
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN

    for other in ("en", "zh-hans"):
        response = visitor.goto(f"/{other}/financing/needs/")
        assert response.status == 200
        assert page.locator(f"main a:has-text('{TITLES[lang]}')").count() == 1
    visitor.goto(need.get_absolute_url().replace("/en/", f"/{lang}/"))
    assert TITLES[lang] in page.locator("main h1").inner_text()
    visitor.screenshot(shot.format("6-public-need"))
    assert visitor.axe() == []
    assert "/financing/needs/" in mailoutbox[-1].body and len(mailoutbox) == 2  # the outcome
    assert visitor.problems == []
    assert visitor.horizontal_overflow() <= 0

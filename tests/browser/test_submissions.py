"""Issue 18 item 7, the SME and lender journey in a real browser: a company posts a financing need
from the needs page, confirms it by the link in the e-mail, the center publishes it in the back
office, and the need is on the public page; the company opens the product its need page matches,
asks the lender about it, and the lender's staff member answers it from their back-office queue,
which holds only their lender's inquiries. English walks at 1280 px, Chinese at 375 px; the back
office is at 1280 px in the journey's language; axe on every step."""

import re

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.translation import gettext

from financing.models import FinancingInquiry, FinancingNeed, FinancingType, NeedStatus
from haidian.backoffice.scoping import CENTER_ADMIN_GROUP, LENDER_STAFF_GROUP
from haidian.core.inquiries import InquiryStage, InquiryStatus
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLES = {"en": "Working capital for a sequencing lab", "zh-hans": "测序实验室流动资金"}
PRODUCT = {"en": "Patent pledge loan for labs", "zh-hans": "实验室专利质押贷"}
# The lender's staff read the back office in the journey's language.
LOCALES = {"en": "en-GB", "zh-hans": "zh-CN"}


@pytest.fixture
def center_user():
    user = factories.StaffUserFactory(username="center-moderator")
    user.groups.add(Group.objects.get(name=CENTER_ADMIN_GROUP))
    return user


@pytest.fixture
def lender_staff():
    """A lender whose IP pledge loan fits the need, and its staff member; another lender has an
    inquiry of its own, which the staff member must not see."""
    product = factories.FinancingProductFactory(
        slug="lab-pledge-loan",
        name_en=PRODUCT["en"],
        name_zh_hans=PRODUCT["zh-hans"],
        product_type=FinancingType.IP_PLEDGE,
        lender__name_en="Zhongguancun Science Bank",
        lender__name_zh_hans="中关村科技银行",
    )
    factories.FinancingInquiryFactory(name="Other Borrower", organization_name="Elsewhere Robotics")
    member = factories.LenderMemberFactory(
        lender=product.lender, user=factories.StaffUserFactory(username="loan-officer")
    )
    member.user.groups.add(Group.objects.get(name=LENDER_STAFF_GROUP))
    return member.user


@pytest.mark.parametrize(("lang", "width"), [("en", 1280), ("zh-hans", 375)])
def test_an_sme_posts_a_financing_need_asks_a_matching_lender_and_its_staff_answer(
    visit, mailoutbox, center_user, lender_staff, lang, width
):
    factories.SectorFactory(name_en="Genomics", name_zh_hans="基因组学")
    visitor = visit(width=width)
    page = visitor.page
    shot = f"submission-{{}}-{lang}-{width}"
    staff_shot = f"submission-{{}}-{lang}-1280"

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
    staff.screenshot(staff_shot.format("5-published-in-the-admin"))
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
    assert visitor.horizontal_overflow() <= 0

    # The need page matches the lender's product; the company asks about it.
    page.locator("section.matches .match-fits h3 a", has_text=PRODUCT[lang]).click()
    page.wait_for_url(re.compile(r"/financing/products/lab-pledge-loan/$"))
    visitor.screenshot(shot.format("7-product"))
    assert visitor.axe() == []
    page.locator("main a[href$='/financing/products/lab-pledge-loan/ask/']").click()
    page.wait_for_url(re.compile(r"/ask/$"))
    page.fill("#id_name", "Zhang Min")
    page.fill("#id_organization_name", "Haidian Genomics")
    page.fill("#id_email", "zhang.min@example.cn")
    page.fill("#id_amount_cny", "5000000")
    page.fill("#id_term_months", "36")
    page.fill("#id_message", "Can the patents on our sequencing chemistry secure the loan?")
    page.check("#id_consent")
    visitor.screenshot(shot.format("8-ask"))
    assert visitor.axe() == []
    page.locator("main form button[type=submit]").click()
    # The form's action ends in #form-errors, which the browser keeps through the redirect.
    page.wait_for_url(re.compile(r"/ask/sent/(#form-errors)?$"))
    visitor.screenshot(shot.format("9-asked"))
    assert visitor.axe() == []
    assert visitor.problems == []
    assert visitor.horizontal_overflow() <= 0

    inquiry = FinancingInquiry.objects.get(product__slug="lab-pledge-loan")
    assert (inquiry.amount_cny, inquiry.term_months, inquiry.language) == (5000000, 36, lang)
    to_lender = mailoutbox[-1]
    assert len(mailoutbox) == 3 and to_lender.to == ["loan-officer@example.com"]
    assert "Haidian Genomics" in to_lender.body

    # The lender's staff member finds it in their queue (and not the other lender's), and answers.
    lender = visit(width=1280, locale=LOCALES[lang])
    lender.log_in(lender_staff)
    lender.goto("/admin/financing/financinginquiry/")
    rows = lender.page.locator("#result_list tbody tr")
    assert rows.count() == 1 and "Haidian Genomics" in rows.inner_text()
    lender.screenshot(staff_shot.format("10-lender-queue"))
    assert lender.axe() == []
    rows.locator("a", has_text="Zhang Min").click()
    lender.page.wait_for_url(re.compile(rf"/financinginquiry/{inquiry.pk}/change/$"))
    steps = lender.page.locator("form.workflow .workflow-steps .button")
    assert steps.first.get_attribute("value") == "reply"
    assert "default" in steps.first.get_attribute("class")
    lender.screenshot(staff_shot.format("11-lender-inquiry"))
    assert lender.axe() == []
    steps.first.click()
    lender.page.wait_for_selector(".messagelist a[data-open-now]")
    assert lender.page.get_attribute(".messagelist a[data-open-now]", "href").startswith(
        "mailto:zhang.min@example.cn?"
    )
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.handled_by) == (InquiryStatus.ANSWERED, lender_staff)
    # No main step left; the stepper still has the inquiry at its first stage, answered.
    assert lender.page.locator("form.workflow button[value=reply]").count() == 0
    current = lender.page.locator('ol.stepper [aria-current="step"]').inner_text()
    summary = lender.page.locator(".inquiry-summary .workflow-status").inner_text()
    with translation.override(lang):
        assert current.startswith(str(InquiryStage.INQUIRY.label))
        assert summary.startswith(gettext("Answered on %(answered)s").split("%")[0])
    lender.screenshot(staff_shot.format("12-lender-answered"))
    assert lender.axe() == []
    assert visitor.problems == [] and lender.problems == []

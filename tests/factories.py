"""factory_boy factories for every domain model; bilingual fields get English and Chinese text."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from agencies.models import Agency, AgencyMember, AgencyStatus, Service
from financing.models import (
    CompanyStage,
    FinancingInquiry,
    FinancingNeed,
    FinancingNeedSubmission,
    FinancingProduct,
    FinancingType,
    LenderMember,
    NeedStatus,
)
from haidian.core.models import (
    Article,
    Country,
    KeyFigure,
    Organization,
    OrganizationKind,
    Page,
    PublicationStatus,
    Sector,
)
from listings.models import (
    Attachment,
    BenefitClaim,
    Contract,
    Inquiry,
    IPStatus,
    SearchSubscription,
    Technology,
    TechnologyKind,
    TechnologyStatus,
    TechnologySubmission,
    TransactionType,
)
from tests import samples


def country(code: str) -> Country:
    """Countries are reference rows loaded by a migration."""
    return Country.objects.get(code=code)


def many(field: str, model=None):
    """``Factory(field=[...])`` sets a many-to-many: objects, or the codes of ``model`` rows."""

    def set_related(obj, create, extracted, **kwargs):
        if create and extracted:
            related = extracted if model is None else model.objects.filter(code__in=extracted)
            getattr(obj, field).set(related)

    return factory.PostGeneration(set_related)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class StaffUserFactory(UserFactory):
    is_staff = True


class SectorFactory(DjangoModelFactory):
    class Meta:
        model = Sector

    slug = factory.Sequence(lambda n: f"sector-{n}")
    name_en = factory.Sequence(lambda n: f"Sector {n}")
    name_zh_hans = factory.Sequence(lambda n: f"行业{n}")


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    slug = factory.Sequence(lambda n: f"org-{n}")
    name_en = factory.Sequence(lambda n: f"Organization {n} Ltd.")
    name_zh_hans = factory.Sequence(lambda n: f"示例机构{n}有限公司")
    kind = OrganizationKind.COMPANY
    country = factory.LazyFunction(lambda: country("CN"))
    city_en = "Beijing"
    city_zh_hans = "北京"


class LenderFactory(OrganizationFactory):
    kind = OrganizationKind.LENDER


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"agency-{n}")
    name_en = factory.Sequence(lambda n: f"Transfer Agency {n}")
    name_zh_hans = factory.Sequence(lambda n: f"技术转移服务机构{n}")
    description_en = "<p>Brokers technology transfers.</p>"
    description_zh_hans = "<p>提供技术转移服务。</p>"
    contact_email = factory.Sequence(lambda n: f"office{n}@agency.example")
    inquiry_email = factory.Sequence(lambda n: f"inquiries{n}@agency.example")
    joined_on = date(2024, 1, 15)
    status = AgencyStatus.ACTIVE

    services = many("services", Service)


class AgencyMemberFactory(DjangoModelFactory):
    class Meta:
        model = AgencyMember

    agency = factory.SubFactory(AgencyFactory)
    user = factory.SubFactory(StaffUserFactory)


class TechnologyFactory(DjangoModelFactory):
    """A published offer by default; pass ``status`` for other states."""

    class Meta:
        model = Technology
        skip_postgeneration_save = True

    kind = TechnologyKind.OFFER
    slug = factory.Sequence(lambda n: f"technology-{n}")
    title_en = factory.Sequence(lambda n: f"Technology {n}")
    title_zh_hans = factory.Sequence(lambda n: f"技术{n}")
    summary_en = "A technology ready for transfer."
    summary_zh_hans = "一项可转让的技术。"
    description_en = "<p>Details of the technology.</p>"
    description_zh_hans = "<p>技术详情。</p>"
    owner = factory.SubFactory(OrganizationFactory)
    agency = factory.SubFactory(AgencyFactory)
    origin_country = factory.LazyFunction(lambda: country("CN"))
    trl = 6
    ip_status = IPStatus.GRANTED_PATENT
    price_cny = Decimal("1000000.00")
    status = TechnologyStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    last_verified_at = factory.LazyFunction(timezone.now)

    sectors = many("sectors")

    transaction_types = many("transaction_types", TransactionType)

    target_countries = many("target_countries", Country)


class AttachmentFactory(DjangoModelFactory):
    class Meta:
        model = Attachment

    technology = factory.SubFactory(TechnologyFactory)
    title_en = "Brochure"
    title_zh_hans = "宣传册"
    file = factory.django.FileField(filename="brochure.pdf", data=samples.PDF)


class BenefitClaimFactory(DjangoModelFactory):
    class Meta:
        model = BenefitClaim

    technology = factory.SubFactory(TechnologyFactory)
    metric_en = "Energy use"
    metric_zh_hans = "能耗"
    value = Decimal("-35")
    unit_en = "%"
    unit_zh_hans = "%"
    compared_with_en = "conventional furnaces"
    compared_with_zh_hans = "传统熔炉"


class InquiryFactory(DjangoModelFactory):
    class Meta:
        model = Inquiry

    technology = factory.SubFactory(TechnologyFactory)
    name = "Li Wei"
    organization_name = "Example Robotics"
    email = factory.Sequence(lambda n: f"buyer{n}@example.com")
    message = "We would like to licence this technology."


class ContractFactory(DjangoModelFactory):
    class Meta:
        model = Contract
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"HD-2025-{n:04d}")
    title_en = factory.Sequence(lambda n: f"Transfer contract {n}")
    title_zh_hans = factory.Sequence(lambda n: f"技术转让合同{n}")
    seller = factory.SubFactory(OrganizationFactory)
    buyer = factory.SubFactory(OrganizationFactory)
    agency = factory.SubFactory(AgencyFactory)
    contract_type = "licence"
    destination_country = factory.LazyFunction(lambda: country("JP"))
    value = Decimal("1000000.00")
    currency = "CNY"
    value_cny = factory.LazyAttribute(lambda o: o.value)
    signed_on = date(2025, 6, 1)

    sectors = many("sectors")


class FinancingProductFactory(DjangoModelFactory):
    class Meta:
        model = FinancingProduct
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"product-{n}")
    lender = factory.SubFactory(LenderFactory)
    name_en = factory.Sequence(lambda n: f"Tech Loan {n}")
    name_zh_hans = factory.Sequence(lambda n: f"科技贷{n}")
    product_type = FinancingType.BANK_LOAN
    amount_min_cny = Decimal("1000000")
    amount_max_cny = Decimal("10000000")
    term_min_months = 6
    term_max_months = 36
    rate_min_pct = Decimal("3.20")
    rate_max_pct = Decimal("5.50")

    sectors = many("sectors")

    stages = many("stages", CompanyStage)


class FinancingNeedFactory(DjangoModelFactory):
    class Meta:
        model = FinancingNeed
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"need-{n}")
    company = factory.SubFactory(OrganizationFactory)
    title_en = factory.Sequence(lambda n: f"Working capital for pilot line {n}")
    title_zh_hans = factory.Sequence(lambda n: f"中试线流动资金{n}")
    financing_type = FinancingType.BANK_LOAN
    amount_cny = Decimal("5000000")
    term_months = 12
    stage = "growth"
    status = NeedStatus.OPEN
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))

    sectors = many("sectors")


class LenderMemberFactory(DjangoModelFactory):
    class Meta:
        model = LenderMember

    lender = factory.SubFactory(LenderFactory)
    user = factory.SubFactory(StaffUserFactory)


class FinancingInquiryFactory(DjangoModelFactory):
    """About a product (of its lender) by default; pass ``product=None, need=...`` for an offer to fund."""

    class Meta:
        model = FinancingInquiry

    product = factory.SubFactory(FinancingProductFactory)
    lender = factory.LazyAttribute(lambda o: o.product.lender if o.product else None)
    name = "Zhang Min"
    organization_name = "Example Chips Co."
    email = factory.Sequence(lambda n: f"borrower{n}@example.com")
    amount_cny = Decimal("3000000")
    term_months = 24
    message = "We would like to borrow for a pilot line of chip packaging."


class PageFactory(DjangoModelFactory):
    class Meta:
        model = Page

    slug = factory.Sequence(lambda n: f"page-{n}")
    title_en = factory.Sequence(lambda n: f"Page {n}")
    title_zh_hans = factory.Sequence(lambda n: f"页面{n}")
    body_en = "<p>About the center.</p>"
    body_zh_hans = "<p>关于中心。</p>"
    status = PublicationStatus.PUBLISHED


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = Article

    slug = factory.Sequence(lambda n: f"news-{n}")
    title_en = factory.Sequence(lambda n: f"News {n}")
    title_zh_hans = factory.Sequence(lambda n: f"新闻{n}")
    summary_en = "Something happened at the center."
    summary_zh_hans = "中心动态。"
    body_en = "<p>Full story.</p>"
    body_zh_hans = "<p>详细内容。</p>"
    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class KeyFigureFactory(DjangoModelFactory):
    class Meta:
        model = KeyFigure

    key = "tech-companies"
    label_en = "Technology companies"
    label_zh_hans = "科技企业"
    value = Decimal("16000")
    unit_en = "companies"
    unit_zh_hans = "家"
    period_start = date(2024, 1, 1)
    period_end = date(2024, 12, 31)
    source_en = "Haidian district announcement"
    source_zh_hans = "海淀区公告"


class SearchSubscriptionFactory(DjangoModelFactory):
    """A search alert confirmed when it was created; ``confirmed=False`` for one awaiting confirmation."""

    class Meta:
        model = SearchSubscription
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    query = ""
    language = "en"
    token = factory.Sequence(lambda n: f"token-{n:04d}-abcdefghijklmnopqrstuvwxyz")

    @factory.post_generation
    def confirmed(obj, create, extracted, **kwargs):
        if create and extracted is not False and obj.confirmed_at is None:
            obj.confirmed_at = obj.created_at  # not before it was created (a check constraint)
            obj.save(update_fields=["confirmed_at"])


class SubmissionFactory(DjangoModelFactory):
    """A public submission whose address was confirmed (the back office sees no other)."""

    class Meta:
        abstract = True

    contact_name = "Li Wei"
    email = factory.Sequence(lambda n: f"submitter{n}@example.cn")
    organization_name = factory.Sequence(lambda n: f"Submitting Company {n}")
    language = "en"
    confirmed_at = factory.LazyFunction(timezone.now)


class TechnologySubmissionFactory(SubmissionFactory):
    class Meta:
        model = TechnologySubmission

    kind = TechnologyKind.OFFER
    technology = factory.SubFactory(TechnologyFactory, status=TechnologyStatus.IN_REVIEW, published_at=None)


class FinancingNeedSubmissionFactory(SubmissionFactory):
    class Meta:
        model = FinancingNeedSubmission

    need = factory.SubFactory(FinancingNeedFactory, status=NeedStatus.DRAFT)

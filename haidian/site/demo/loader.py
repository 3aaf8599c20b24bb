"""Writes the demo data set through the ORM: idempotent, deterministic, and it creates no users.

Every row is looked up by its natural key (slug, reference, code, key and period) and written only
when a value differs, so a second run saves nothing, adds no history and leaves ``updated_at`` alone.
Rows go through ``save()`` (rich-text sanitising, search-document upkeep, history) and M2M
``set()`` (search-document signals). This module composes the apps, like the root URLconf does.
"""

from datetime import date, timedelta
from decimal import Decimal

from agencies.models import Agency, AgencyStatus, Service
from financing.models import CompanyStage, FinancingNeed, FinancingProduct
from haidian.core.models import Article, Country, KeyFigure, Organization, Page, PublicationStatus, Sector
from haidian.site.demo import (
    benefits,
    cms,
    contracts,
    figures,
    financing_needs,
    financing_products,
    organizations,
    taxonomy,
)
from haidian.site.demo.agencies import AGENCIES
from haidian.site.demo.base import (
    AGENCY_NOTE,
    DEMO_NOTES,
    ORGANIZATION_NOTE,
    DemoDataError,
    Writer,
    pair,
    patent_number,
)
from haidian.site.demo.technologies import DEAL_NAMES, LISTINGS
from listings.models import BenefitClaim, Contract, Technology, TechnologyStatus, TransactionType

__all__ = ["DemoDataError", "DemoLoader"]


class DemoLoader(Writer):
    def __init__(self, anchor: date):
        super().__init__(anchor)
        self.sectors: dict[str, Sector] = {}
        self.organizations: dict[str, Organization] = {}
        self.agencies: dict[str, Agency] = {}
        self.technologies: dict[str, Technology] = {}

    # --- the data set ---------------------------------------------------------------------------

    def load(self) -> None:
        self.check_data()
        self.countries = self.reference_rows(Country, self.country_codes())
        self.services = self.reference_rows(Service, {s for agency in AGENCIES for s in agency[3]})
        self.deal_types = self.reference_rows(TransactionType, DEAL_NAMES)
        self.stages = self.reference_rows(
            CompanyStage, {s for p in financing_products.PRODUCTS for s in p["stages"]}
        )
        self.load_sectors()
        self.load_organizations()
        self.load_agencies()
        self.load_technologies()
        self.load_benefits()
        self.load_contracts()
        self.load_financing()
        self.load_key_figures()
        self.load_cms()

    @staticmethod
    def check_data() -> None:
        total = sum(Decimal(c["value"]) * Decimal(c["rate"]) for c in contracts.CONTRACTS)
        if total != contracts.TOTAL_VALUE_CNY:
            raise DemoDataError(f"The demo contracts add up to {total} CNY, not {contracts.TOTAL_VALUE_CNY}.")

    @staticmethod
    def country_codes() -> set[str]:
        codes = {org[0][2] for org in organizations.ORGANIZATIONS}
        codes |= {code for agency in AGENCIES for code in agency[5]}
        codes |= {code for listing in LISTINGS for code in listing["targets"]}
        return codes | {c["destination"] for c in contracts.CONTRACTS}

    def load_sectors(self) -> None:
        for position, (slug, names, about, children) in enumerate(taxonomy.SECTORS, start=1):
            values = {
                "parent": None,
                "position": position * 10,
                **pair("name", names),
                **pair("description", about),
            }
            parent = self.sectors[slug] = self.upsert(Sector, {"slug": slug}, values)
            for child_position, (child_slug, child_names, child_about) in enumerate(children, start=1):
                values = {
                    "parent": parent,
                    "position": child_position * 10,
                    **pair("name", child_names),
                    **pair("description", child_about),
                }
                self.sectors[child_slug] = self.upsert(Sector, {"slug": child_slug}, values)

    def load_organizations(self) -> None:
        for index, ((slug, kind, country, city, high_tech), names, about) in enumerate(
            organizations.ORGANIZATIONS
        ):
            values = {
                "kind": kind,
                "country": self.countries[country],
                "website": f"https://{slug}.example.com",
                "is_high_tech": high_tech,
                "high_tech_certified_until": date(self.anchor.year + 1 + index % 3, 12, 31)
                if high_tech
                else None,
                **pair("name", names),
                **pair("city", organizations.CITIES[city]),
                **pair(
                    "description",
                    tuple(f"{note} {text}" for note, text in zip(ORGANIZATION_NOTE, about, strict=True)),
                ),
            }
            self.organizations[slug] = self.upsert(Organization, {"slug": slug}, values)

    def load_agencies(self) -> None:
        for index, (slug, names, months_ago, services, sectors, countries, about) in enumerate(AGENCIES):
            building = index + 1
            values = {
                "joined_on": self.months_before(months_ago, day=1 + (index * 5) % 27),
                "status": AgencyStatus.ACTIVE,
                "contact_email": f"contact@{slug}.example.org",
                "inquiry_email": f"inquiries@{slug}.example.org",
                "website": f"https://{slug}.example.org",
                "internal_notes": DEMO_NOTES,
                **pair("name", names),
                **pair(
                    "description",
                    tuple(
                        f"<p>{text}</p><p>{note}</p>" for text, note in zip(about, AGENCY_NOTE, strict=True)
                    ),
                ),
                **pair(
                    "address",
                    (
                        f"Building {building}, Demo Science Park, Haidian District, Beijing",
                        f"北京市海淀区示范科技园{building}号楼",
                    ),
                ),
            }
            m2m = {
                "services": [self.services[code] for code in services],
                "sectors": [self.sectors[s] for s in sectors],
                "countries": [self.countries[code] for code in countries],
            }
            self.agencies[slug] = self.upsert(Agency, {"slug": slug}, values, m2m)

    def load_technologies(self) -> None:
        for index, item in enumerate(LISTINGS):
            owner = self.organizations[item["owner"]]
            published, expires, verified = item["dates"]
            status = item["status"]
            granted = item["ip"] == "granted_patent"
            patents = [patent_number(granted, index, n) for n in range(item["patents"])]
            deals_en = ", ".join(DEAL_NAMES[code][0] for code in item["deals"])
            deals_zh = "、".join(DEAL_NAMES[code][1] for code in item["deals"])
            if item["kind"] == "offer":
                closing = (
                    f"Open to: {deals_en}. Technology readiness level {item['trl']} of 9.",
                    f"可接受方式：{deals_zh}。技术成熟度 {item['trl']} 级（共 9 级）。",
                )
            else:
                closing = (
                    f"Preferred deal: {deals_en}. Readiness wanted: TRL {item['trl']} or higher.",
                    f"希望的合作方式：{deals_zh}。期望技术成熟度 {item['trl']} 级及以上。",
                )
            published_at = self.at(published, index) if published is not None else None
            values = {
                "kind": item["kind"],
                "status": status,
                "owner": owner,
                "agency": self.agencies[item["agency"]] if item["agency"] else None,
                "origin_country": owner.country,
                "trl": item["trl"],
                "ip_status": item["ip"],
                "patent_numbers": ", ".join(patents),
                "price_cny": Decimal(item["price"]) if item["price"] is not None else None,
                "price_negotiable": item["price"] is None,
                "published_at": published_at,
                "submitted_at": (published_at - timedelta(days=2))
                if published_at
                else (self.at(3 + index % 5, index) if status == TechnologyStatus.IN_REVIEW else None),
                "expires_at": self.at(-expires, index) if expires is not None else None,
                "last_verified_at": self.at(verified, index + 3) if verified is not None else None,
                "closed_at": self.at(verified, index + 3)
                if status in (TechnologyStatus.CLOSED, TechnologyStatus.WITHDRAWN)
                else None,
                "internal_notes": DEMO_NOTES,
                **pair("title", item["title"]),
                **pair("summary", item["summary"]),
                **pair(
                    "description",
                    tuple(
                        f"<p>{body}</p><p>{end}</p>" for body, end in zip(item["body"], closing, strict=True)
                    ),
                ),
                **pair("keywords", item["keywords"]),
            }
            m2m = {
                "sectors": [self.sectors[s] for s in item["sectors"]],
                "target_countries": [self.countries[code] for code in item["targets"]],
                "transaction_types": [self.deal_types[code] for code in item["deals"]],
            }
            self.technologies[item["slug"]] = self.upsert(Technology, {"slug": item["slug"]}, values, m2m)

    def load_benefits(self) -> None:
        for slug, claims in benefits.CLAIMS.items():
            technology = self.technologies[slug]
            for position, claim in enumerate(claims):
                values = {
                    **pair("metric", claim["metric"]),
                    "value": Decimal(claim["value"]),
                    **pair("unit", claim["unit"]),
                    **pair("compared_with", claim["compared_with"]),
                    "machine_translated": claim.get("machine", []),
                }
                self.upsert(BenefitClaim, {"technology": technology, "position": position}, values)
            # A claim dropped from the demo data goes from the database too (nothing on a re-run).
            BenefitClaim.objects.filter(technology=technology, position__gte=len(claims)).delete()

    def contract_rows(self):
        """(reference, signed_on, value_cny, spec) for every demo contract."""
        for spec in contracts.CONTRACTS:
            signed_on = self.anchor - timedelta(days=spec["signed"])
            value_cny = (Decimal(spec["value"]) * Decimal(spec["rate"])).quantize(Decimal("0.01"))
            yield f"HD-{signed_on.year}-{spec['number']:03d}", signed_on, value_cny, spec

    def load_contracts(self) -> None:
        for reference, signed_on, value_cny, spec in self.contract_rows():
            rate = (
                ""
                if spec["currency"] == "CNY"
                else f" Rate on the signing day: 1 {spec['currency']} = {spec['rate']} CNY."
            )
            values = {
                "technology": self.technologies[spec["listing"]] if spec["listing"] else None,
                "seller": self.organizations[spec["seller"]],
                "buyer": self.organizations[spec["buyer"]],
                "agency": self.agencies[spec["agency"]],
                "contract_type": spec["type"],
                "destination_country": self.countries[spec["destination"]],
                "value": Decimal(spec["value"]),
                "currency": spec["currency"],
                "value_cny": value_cny,
                "value_is_public": spec["public"],
                "signed_on": signed_on,
                "is_published": True,
                "internal_notes": DEMO_NOTES + rate,
                **pair("title", spec["title"]),
                **pair("summary", spec["summary"]),
            }
            m2m = {"sectors": [self.sectors[s] for s in spec["sectors"]]}
            self.upsert(Contract, {"reference": reference}, values, m2m)

    def load_financing(self) -> None:
        for spec in financing_products.PRODUCTS:
            term, rate = spec["term"] or (None, None), spec["rate"] or (None, None)
            values = {
                "lender": self.organizations[spec["lender"]],
                "product_type": spec["type"],
                "amount_min_cny": Decimal(spec["amount"][0]),
                "amount_max_cny": Decimal(spec["amount"][1]),
                "term_min_months": term[0],
                "term_max_months": term[1],
                "rate_min_pct": Decimal(rate[0]) if rate[0] else None,
                "rate_max_pct": Decimal(rate[1]) if rate[1] else None,
                "status": spec.get("status", "active"),
                **pair("name", spec["name"]),
                **pair("description", (f"<p>{spec['about'][0]}</p>", f"<p>{spec['about'][1]}</p>")),
                **pair("collateral", spec["collateral"]),
            }
            m2m = {
                "sectors": [self.sectors[s] for s in spec["sectors"]],
                "stages": [self.stages[s] for s in spec["stages"]],
            }
            self.upsert(FinancingProduct, {"slug": spec["slug"]}, values, m2m)
        for need in financing_needs.NEEDS:
            (slug, company, sectors, status), (kind, amount, term, stage, deadline), title, purpose = need
            values = {
                "company": self.organizations[company],
                "financing_type": kind,
                "amount_cny": Decimal(amount),
                "term_months": term,
                "stage": stage,
                "deadline": self.anchor + timedelta(days=deadline) if deadline is not None else None,
                "status": status,
                "internal_notes": DEMO_NOTES,
                **pair("title", title),
                **pair("purpose", purpose),
            }
            self.upsert(
                FinancingNeed, {"slug": slug}, values, {"sectors": [self.sectors[s] for s in sectors]}
            )

    def period(self, spec: tuple[str, int]) -> tuple[date, date]:
        kind, shift = spec
        year = self.anchor.year
        if kind in ("year", "year_end"):
            return date(year + shift, 1, 1), date(year + shift, 12, 31)
        if kind == "today":
            return date(year, 1, 1), self.anchor
        if kind == "target":
            return self.anchor, date(year + shift, 12, 31)
        if kind == "half":  # the last half-year completed before the anchor
            first_half_done = self.anchor >= date(year, 7, 1)
            start, end = (
                (date(year, 1, 1), date(year, 6, 30))
                if first_half_done
                else (date(year - 1, 7, 1), date(year - 1, 12, 31))
            )
            return start.replace(year=start.year + shift), end.replace(year=end.year + shift)
        raise DemoDataError(f"Unknown period {spec!r}")

    def load_key_figures(self) -> None:
        for key, (position, label, unit, periods) in figures.FIGURES.items():
            for spec, value, source in periods:
                start, end = self.period(spec)
                values = {
                    "period_start": start,
                    "value": Decimal(value) if value is not None else None,
                    "in_yuan": unit is figures.YUAN,
                    "illustrative": source is figures.ILLUSTRATIVE,
                    "position": position,
                    "is_published": True,
                    "source_url": "",
                    **pair("label", label),
                    **pair("unit", unit or ("", "")),
                    **pair("source", source),
                }
                self.upsert(KeyFigure, {"key": key, "period_end": end}, values)

    def load_cms(self) -> None:
        anchor = self.anchor.isoformat()
        for index, (slug, (title, summary, body)) in enumerate(cms.PAGES.items()):
            values = {
                "status": PublicationStatus.PUBLISHED,
                "published_at": self.at(1 if slug == cms.DEMO_PAGE_SLUG else 365, index),
                **pair("title", title),
                **pair("summary", summary),
                **pair("body", tuple(text.replace("{anchor}", anchor) for text in body)),
            }
            self.upsert(Page, {"slug": slug}, values)
        for index, (slug, (days_ago, title, summary, body)) in enumerate(cms.ARTICLES.items()):
            values = {
                "status": PublicationStatus.PUBLISHED if days_ago is not None else PublicationStatus.DRAFT,
                "published_at": self.at(days_ago, index) if days_ago is not None else None,
                **pair("title", title),
                **pair("summary", summary),
                **pair("body", body),
            }
            self.upsert(Article, {"slug": slug}, values)

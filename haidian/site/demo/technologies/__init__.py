"""Technology listings, offers and needs, one module per growing sector.

Each listing is a dict:
    slug, kind ("offer" or "need"), status (draft, in_review, published, closed, withdrawn),
    dates: (published N days before the anchor or None, expires N days after it or None,
            last verified N days before it or None),
    sectors (child sector slugs), owner (organization slug; its country is the origin),
    agency (agency slug or None), targets (country codes: for an offer its export markets, as it is
    always available in its owner's country, so the owner's country alone means "home market
    only"; for a need, where the technology is wanted from), trl (1-9),
    ip (IP status) and patents (how many patent numbers the loader makes up for it),
    deals (transaction type codes), price (CNY, or None for "negotiable"),
    title, summary, body, keywords: (English, Simplified Chinese).
"""

from haidian.site.demo.technologies import (
    biomedicine,
    genome_sequencing,
    integrated_circuits,
    internet,
    navigation,
    supercomputing,
)

LISTINGS = [
    *biomedicine.LISTINGS,
    *genome_sequencing.LISTINGS,
    *integrated_circuits.LISTINGS,
    *navigation.LISTINGS,
    *internet.LISTINGS,
    *supercomputing.LISTINGS,
]

# How each transaction type reads in the generated last paragraph of a description.
DEAL_NAMES = {
    "licence": ("licence", "许可"),
    "assignment": ("assignment", "转让"),
    "joint_development": ("joint development", "合作开发"),
    "equity": ("equity investment", "作价入股"),
    "technical_service": ("technical service", "技术服务"),
}

"""Only published and active records appear; hidden ones answer 404; nothing private leaks."""

import json

import pytest

LISTS = {
    "/api/v1/technologies/": ({"gene-sequencer", "need-sequencing", "chip-design"}, "slug"),
    "/api/v1/agencies/": (None, "slug"),
    "/api/v1/contracts/": ({"HD-2025-001", "HD-2024-002"}, "reference"),
    "/api/v1/financing/products/": ({"ip-loan"}, "slug"),
    "/api/v1/financing/needs/": ({"pilot-line"}, "slug"),
    "/api/v1/articles/": ({"launch"}, "slug"),
    "/api/v1/pages/": ({"about"}, "slug"),
}

HIDDEN_DETAILS = [
    "/api/v1/technologies/draft-tech/",
    "/api/v1/technologies/review-tech/",
    "/api/v1/technologies/withdrawn-tech/",
    "/api/v1/technologies/closed-tech/matches/",  # transferred: its detail stays (tests/listings/test_transferred.py)
    "/api/v1/technologies/expired-tech/",
    "/api/v1/technologies/future-tech/",
    "/api/v1/technologies/draft-tech/matches/",
    "/api/v1/technologies/expired-tech/comparable-contracts/",
    "/api/v1/agencies/suspended-agency/",
    "/api/v1/contracts/HD-2024-999/",
    "/api/v1/financing/products/old-loan/",
    "/api/v1/financing/products/old-loan/matches/",
    "/api/v1/financing/needs/draft-need/",
    "/api/v1/financing/needs/withdrawn-need/",
    "/api/v1/financing/needs/draft-need/matches/",
    "/api/v1/articles/draft-news/",
    "/api/v1/pages/draft-page/",
    "/api/v1/sectors/no-such-sector/",
    "/api/v1/countries/XX/",
]


@pytest.mark.parametrize("path", list(LISTS))
def test_lists_show_only_public_records(world, get, path):
    expected, key = LISTS[path]
    body = get(path, {"page_size": 100}).json()
    keys = {row[key] for row in body["results"]}
    if expected is not None:
        assert keys == expected
    assert body["count"] == len(keys)


def test_agencies_list_has_no_suspended_agency(world, get):
    slugs = {row["slug"] for row in get("/api/v1/agencies/", {"page_size": 100}).json()["results"]}
    assert "zgc-transfer" in slugs
    assert "suspended-agency" not in slugs


def test_key_figures_only_published(world, get):
    keys = [row["key"] for row in get("/api/v1/key-figures/").json()["results"]]
    assert keys == ["tech-companies"]
    assert get(f"/api/v1/key-figures/{world.hidden_figure.pk}/").status_code == 404


@pytest.mark.parametrize("path", HIDDEN_DETAILS)
def test_hidden_details_answer_404_in_json(world, get, path):
    response = get(path)
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_unknown_api_path_is_a_json_404(get, db):
    response = get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_public_details_answer_200(world, get):
    for path in [
        "/api/v1/technologies/gene-sequencer/",
        "/api/v1/agencies/zgc-transfer/",
        "/api/v1/contracts/HD-2025-001/",
        "/api/v1/financing/products/ip-loan/",
        "/api/v1/financing/needs/pilot-line/",
        "/api/v1/articles/launch/",
        "/api/v1/pages/about/",
        "/api/v1/sectors/genomics/",
        "/api/v1/organizations/tsinghua/",
        "/api/v1/countries/HK/",
        f"/api/v1/key-figures/{world.figure.pk}/",
    ]:
        assert get(path).status_code == 200, path


def test_confidential_contract_shows_no_value(world, get):
    body = get("/api/v1/contracts/HD-2024-002/").json()
    assert body["value_is_public"] is False
    assert body["value"] is None
    assert body["value_cny"] is None
    public = get("/api/v1/contracts/HD-2025-001/").json()
    assert public["value_cny"] == "3000000000.00"


def test_contract_links_only_a_public_listing(world, get):
    assert get("/api/v1/contracts/HD-2025-001/").json()["technology"] == "gene-sequencer"
    # The confidential contract came from a draft listing: its slug is not revealed.
    assert get("/api/v1/contracts/HD-2024-002/").json()["technology"] is None


def test_private_data_never_appears(world, get):
    from tests.factories import AgencyMemberFactory, AttachmentFactory, InquiryFactory

    member = AgencyMemberFactory(agency=world.agency)
    inquiry = InquiryFactory(
        technology=world.offer, email="private-buyer@example.com", phone="+86 139 0000 0000"
    )
    AttachmentFactory(technology=world.offer, title_en="Secret drawing", is_public=False)
    AttachmentFactory(technology=world.offer, title_en="Brochure")
    world.offer.internal_notes = "internal: seller wants more"
    world.offer.save()
    bodies = [
        get(path).content.decode()
        for path in [
            "/api/v1/technologies/",
            "/api/v1/technologies/gene-sequencer/",
            "/api/v1/technologies/gene-sequencer/?lang=all",
            "/api/v1/agencies/zgc-transfer/",
            "/api/v1/agencies/?lang=all",
            "/api/v1/contracts/",
            "/api/v1/contracts/HD-2024-002/",
            "/api/v1/financing/needs/",
        ]
    ]
    everything = "\n".join(bodies)
    for secret in [
        inquiry.email,
        inquiry.phone,
        member.user.email,
        member.user.username,
        world.agency.inquiry_email,
        "internal: seller wants more",
        "secret note",
        "Secret drawing",
        "created_by",
        "updated_by",
        "internal_notes",
        "inquiry_email",
        "search_document",
    ]:
        assert secret not in everything, secret
    detail = json.loads(bodies[1])
    assert [a["title"] for a in detail["attachments"]] == ["Brochure"]

"""The search document stays current: on save, on sector changes, on renames and in bulk."""

import pytest
from django.core.management import call_command

from listings.models import Technology
from listings.search import build_search_document, refresh_search_documents, search_technologies
from tests import factories

pytestmark = pytest.mark.django_db


def document(technology) -> str:
    return Technology.objects.values_list("search_document", flat=True).get(pk=technology.pk)


def test_built_on_create_with_both_languages_and_stripped_html():
    technology = factories.TechnologyFactory(
        title_en="Licensed imaging chips",
        title_zh_hans="成像芯片",
        description_en="<p>Made <em>in</em> Beijing &amp; Shenzhen</p>",
    )
    title, head, summary, description = document(technology).split("\n")
    assert title.split() == ["licens", "imag", "chip", "成像", "芯片", "像芯"]
    assert "organ" in head.split() and "有限公司" in head.split()  # the owner
    assert "transfer" in summary.split()
    assert description.split()[:5] == ["made", "in", "beij", "shenzhen", "技术"]
    assert "<" not in description and "em" not in description.split()


def test_rebuilt_when_a_text_field_is_saved():
    technology = factories.TechnologyFactory(title_en="Laser welding")
    assert [t.slug for t in search_technologies("welding")] == [technology.slug]
    technology.title_en = "Laser cutting"
    technology.save()
    assert "cut" in document(technology).split()
    assert list(search_technologies("welding")) == []


def test_a_save_of_other_columns_keeps_the_document(django_assert_num_queries):
    technology = factories.TechnologyFactory(title_en="Laser welding")
    technology.trl = 7
    # No sectors or owner query for a document: the UPDATE of trl, then simple_history's row and
    # its three m2m snapshots (target countries, transaction types, sectors).
    with django_assert_num_queries(5):
        technology.save(update_fields=["trl"])
    technology.title_en = "Laser cutting"
    technology.save(update_fields=["title_en"])
    assert "cut" in document(technology).split()


def test_sector_changes_refresh_the_document():
    sector = factories.SectorFactory(name_en="Photonics", name_zh_hans="光电子")
    technology = factories.TechnologyFactory()
    technology.sectors.add(sector)
    assert [t.pk for t in search_technologies("光电子")] == [technology.pk]
    technology.sectors.remove(sector)
    assert list(search_technologies("photonics")) == []
    sector.technologies.add(technology)  # from the other side
    assert [t.pk for t in search_technologies("photonics")] == [technology.pk]
    technology.sectors.clear()
    assert list(search_technologies("photonics")) == []


def test_parent_sector_names_are_in_the_document():
    parent = factories.SectorFactory(name_en="Biomedicine", name_zh_hans="生物医药")
    technology = factories.TechnologyFactory(sectors=[factories.SectorFactory(parent=parent)])
    assert [t.pk for t in search_technologies("生物医药")] == [technology.pk]


def test_owner_and_sector_renames_refresh_their_listings():
    sector = factories.SectorFactory(name_en="Robotics")
    child = factories.SectorFactory(name_en="Drones", parent=sector)
    technology = factories.TechnologyFactory(sectors=[child])
    other = factories.TechnologyFactory()
    owner = technology.owner
    owner.name_en = "Haidian Robotics Works"
    owner.save()
    sector.name_zh_hans = "机器人"
    sector.save()
    assert [t.pk for t in search_technologies("robotics works")] == [technology.pk]
    assert [t.pk for t in search_technologies("机器人")] == [technology.pk]
    assert other.pk not in [t.pk for t in search_technologies("机器人")]


def test_an_owner_save_without_a_rename_costs_no_refresh(django_assert_num_queries):
    owner = factories.TechnologyFactory().owner
    owner.city_en = "Shanghai"
    with django_assert_num_queries(3):  # the old names (to compare), the UPDATE, the history row
        owner.save()


def test_refresh_after_bulk_writes_that_bypass_save():
    # (The summary, not the title: PostgreSQL's typo tolerance reads titles directly.)
    technology = factories.TechnologyFactory(summary_en="Laser welding")
    Technology.objects.filter(pk=technology.pk).update(summary_en="Plasma coating")
    assert list(search_technologies("plasma")) == []
    assert refresh_search_documents(Technology.objects.filter(pk=technology.pk)) == 1
    assert [t.pk for t in search_technologies("plasma")] == [technology.pk]
    assert refresh_search_documents() == 0  # nothing stale any more


def test_refresh_queries_are_bounded(django_assert_max_num_queries):
    sector = factories.SectorFactory()
    for _ in range(30):
        factories.TechnologyFactory(sectors=[sector])
    Technology.objects.update(search_document="")
    # ids; one batch: listings with owners, their sectors with parents, their quantified benefits;
    # the bulk UPDATE
    with django_assert_max_num_queries(5):
        assert refresh_search_documents() == 30


def test_bulk_created_listings_are_found_after_a_refresh():
    template = factories.TechnologyFactory.build(
        owner=factories.OrganizationFactory(),
        agency=factories.AgencyFactory(),
        summary_en="Hydrogen fuel cell",
    )
    template.slug = "bulk"
    Technology.objects.bulk_create([template])
    assert list(search_technologies("hydrogen")) == []
    refresh_search_documents(Technology.objects.filter(slug="bulk"))
    assert [t.slug for t in search_technologies("hydrogen")] == ["bulk"]


def test_rebuild_command(capsys):
    technology = factories.TechnologyFactory(title_en="Laser welding")
    Technology.objects.update(search_document="")
    call_command("rebuild_search_index")
    assert "1 of 1" in capsys.readouterr().out
    assert document(technology) == build_search_document(technology)
    call_command("rebuild_search_index", technology.slug)
    assert "0 of 1" in capsys.readouterr().out


def test_a_save_of_a_text_field_writes_that_field_and_the_document_only():
    """``update_fields`` keeps its meaning: another column edited meanwhile is not overwritten."""
    technology = factories.TechnologyFactory(title_en="Laser welding", trl=5)
    Technology.objects.filter(pk=technology.pk).update(trl=8)
    technology.title_en = "Laser cutting"
    technology.save(update_fields=["title_en"])
    technology.refresh_from_db()
    assert technology.trl == 8
    assert "cut" in document(technology).split()

import pytest

from tests import factories


@pytest.fixture
def sector_map(db):
    """Two sectors of one family and one unrelated sector, for the matching rules."""
    bio = factories.SectorFactory(name_en="Biomedicine")
    return {
        "bio": bio,
        "genomics": factories.SectorFactory(name_en="Genomics", parent=bio),
        "ic": factories.SectorFactory(name_en="IC design"),
    }

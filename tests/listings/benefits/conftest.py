"""The back-office fixtures (an agency editor) shared with the admin tests."""

from tests.admin.conftest import center_admin, center_client, make_editor  # noqa: F401

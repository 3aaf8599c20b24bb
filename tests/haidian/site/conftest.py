from tests.admin.conftest import center_admin, center_client, make_editor  # noqa: F401  (the admin roles)

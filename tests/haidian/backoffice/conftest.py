from tests.admin_users import center_admin, center_client, make_editor  # noqa: F401  (the admin roles)

"""English dates as ISO 8601 (2026-02-10), on the site and in the back office: the center's readers are
international, and "02/10/2026" reads as October in most of the world. Chinese keeps Django's own
formats (2026年2月10日). Read through ``FORMAT_MODULE_PATH``."""

DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"

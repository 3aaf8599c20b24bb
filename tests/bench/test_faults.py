"""``make faults`` says where a 500 came from: each "Internal Server Error" record of the server's
log with the end of its traceback, chained exceptions included."""

from bench.faults import server_errors

LOG = """\
Cache unavailable: ConnectionError
Internal Server Error: /en/technologies/solar-film/
Traceback (most recent call last):
  File "django/db/backends/utils.py", line 105, in _execute
django.db.utils.OperationalError: terminating connection due to administrator command

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "django/db/backends/base/base.py", line 763, in run_and_clear_commit_hooks
AttributeError: 'functools.partial' object has no attribute '__qualname__'
Service Unavailable: /api/v1/technologies/
[2026-12-06 14:58:01 +0000] [812] [INFO] Worker exiting (pid: 812)
Internal Server Error: /zh-hans/
Traceback (most recent call last):
ValueError: second
"""


def test_each_500_comes_with_its_whole_chained_traceback_and_nothing_after_it():
    first, second = server_errors(LOG)
    assert first[0] == "Internal Server Error: /en/technologies/solar-film/"
    assert "During handling of the above exception, another exception occurred:" in first
    assert first[-1] == "AttributeError: 'functools.partial' object has no attribute '__qualname__'"
    assert second == [
        "Internal Server Error: /zh-hans/",
        "Traceback (most recent call last):",
        "ValueError: second",
    ]


def test_a_long_traceback_keeps_its_end_and_the_count_is_capped():
    frames = "\n".join(f'  File "x.py", line {n}, in f' for n in range(100))
    log = "".join(f"Internal Server Error: /{n}/\n{frames}\nKeyError: {n}\n" for n in range(8))
    records = server_errors(log, limit=5, tail=10)
    assert [record[0] for record in records] == [f"Internal Server Error: /{n}/" for n in range(5)]
    assert all(len(record) == 11 and record[-1].startswith("KeyError") for record in records)

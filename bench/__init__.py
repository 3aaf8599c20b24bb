"""Benchmarks and the large-data generator (``make bench`` = ``python -m bench``).

Not an installed app: modules with a ``main()``. Everything runs against its own database
(``bench/data/bench.sqlite3``, or the PostgreSQL database named by ``DATABASE_URL``), never the
developer's ``db.sqlite3``.
"""

"""The demo data set loaded by ``manage.py seed_demo``: fictional, bilingual, built from the center's facts.

Modules hold plain data (bilingual text as ``(English, Simplified Chinese)`` pairs); ``loader``
writes it through the ORM. Dates are offsets from an anchor day (the day the set was first
loaded), so listings stay "recent" and re-running the command changes nothing.
"""

"""The many-to-many keys of a list page's rows, without model instances.

A list row shows its sectors, countries or types; a prefetch builds a model instance (and a related
manager) for each, which cost a list more than the rest of its page. ``attach_keys`` reads the keys
alone from the through tables (one query for every relation of the page, ``UNION ALL``) and sets
them on each row as lists in key order; serializer fields (``SectorBriefsField``, ``CodesField``)
read them and fall back to the relation where they are absent (a detail's prefetch).
"""

from django.db import connection, models


def attach_keys(objects: list, relations: list[tuple[str, object]]) -> None:
    """For each ``(attribute, many-to-many descriptor)``: ``object.<attribute>`` = the related keys
    of each object, in key order (integer ids as ints, codes as strings)."""
    by_id = {obj.pk: obj for obj in objects}
    for obj in objects:
        for attribute, _descriptor in relations:
            setattr(obj, attribute, [])
    if not by_id:
        return
    quote = connection.ops.quote_name
    placeholders = ", ".join(["%s"] * len(by_id))
    selects, integer = [], []
    for index, (_attribute, descriptor) in enumerate(relations):
        field = descriptor.field
        table = quote(field.remote_field.through._meta.db_table)
        owner, key = quote(field.m2m_column_name()), quote(field.m2m_reverse_name())
        integer.append(isinstance(field.target_field, models.IntegerField))
        # Identifiers from the models' metadata, quoted; the ids are parameters.
        selects.append(
            f"SELECT {owner}, {index}, CAST({key} AS TEXT) FROM {table} WHERE {owner} IN ({placeholders})"  # noqa: S608
        )
    # One statement: the ORM's union of querysets cost more to build than the query takes to run.
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects) + " ORDER BY 1, 2, 3", list(by_id) * len(selects))
        for owner_id, index, key in cursor.fetchall():
            getattr(by_id[owner_id], relations[index][0]).append(int(key) if integer[index] else key)

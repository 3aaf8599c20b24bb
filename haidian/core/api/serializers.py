"""Serializers of the site-wide models; every one names its fields (a test pins them)."""

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from modeltranslation.manager import get_translatable_fields_for_model
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from haidian.core.api.fields import APIURLField, WebURLField
from haidian.core.api.language import MachineTranslatedField, TranslatedSerializerMixin, TranslationsField
from haidian.core.cache import versioned_value
from haidian.core.models import Article, Country, KeyFigure, Organization, Page, Sector


class TranslatedModelSerializer(TranslatedSerializerMixin, serializers.ModelSerializer):
    """Translatable fields render in the request's language; ``translations`` only with ``lang=all``.

    A model field maps to the same serializer field class and arguments on every request, and
    working them out (labels, validators, uniqueness) cost 1.5 ms a request, more than serializing
    ten rows: ``build_field`` is answered once per serializer class and field. Each instance still
    gets fields of its own (the arguments are copied, so a field's per-request state stays its own).
    """

    translations = TranslationsField()
    # Named in ``Meta.fields`` by the serializers of models that record it (not countries).
    machine_translated = MachineTranslatedField()

    _built_fields: dict[tuple[type, str], tuple[type, dict]] = {}
    # DRF field classes whose to_representation gives back a value of this type unchanged.
    _UNCHANGED = {
        serializers.CharField: str,
        serializers.ChoiceField: str,
        serializers.IntegerField: int,
        serializers.BooleanField: bool,
    }

    def build_field(self, field_name, info, model_class, nested_depth):
        key = (type(self), field_name)
        if key not in self._built_fields:
            self._built_fields[key] = super().build_field(field_name, info, model_class, nested_depth)
        field_class, field_kwargs = self._built_fields[key]
        # get_fields() merges Meta.extra_kwargs into this dict: hand it a copy.
        return field_class, dict(field_kwargs)

    def to_representation(self, instance):
        """DRF's ``Serializer.to_representation``, with the plain columns read directly.

        DRF reads every field through ``Field.get_attribute`` (a ``Mapping`` test and a callable
        test per value) and converts it; a list of 20 listings makes some 700 such reads. A field
        whose source is one concrete, untranslated column of the model (``_plan``) is read from the
        instance and converted only when its type would change; every other field goes DRF's way.
        """
        plan = self.__dict__.get("_plan")
        if plan is None:
            plan = self._plan = self._representation_plan()
        ret = {}
        values = instance.__dict__
        for name, field, column, unchanged in plan:
            if column is None:
                try:
                    attribute = field.get_attribute(instance)
                except SkipField:
                    continue
                check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
                ret[name] = None if check_for_none is None else field.to_representation(attribute)
                continue
            value = values[column] if column in values else getattr(instance, column)  # deferred: loads it
            if value is None:
                ret[name] = None
            elif type(value) is unchanged:
                ret[name] = value
            else:
                ret[name] = field.to_representation(value)
        return ret

    def _representation_plan(self) -> list[tuple[str, serializers.Field, str | None, type | None]]:
        """(name, field, the column read directly or None, the type it keeps) per readable field."""
        model = self.Meta.model
        translated = set(get_translatable_fields_for_model(model) or ())
        columns = {field.attname for field in model._meta.concrete_fields if field.name not in translated}
        plan = []
        for field in self._readable_fields:
            attrs = field.source_attrs
            direct = (
                len(attrs) == 1
                and attrs[0] in columns
                and type(field).get_attribute is serializers.Field.get_attribute
            )
            plan.append(
                (field.field_name, field, attrs[0] if direct else None, self._UNCHANGED.get(type(field)))
            )
        return plan


class CountrySerializer(TranslatedModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "name", "translations"]
        translated_fields = ["name"]


class SectorBriefSerializer(TranslatedModelSerializer):
    """A sector inside another object."""

    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Sector
        fields = ["slug", "name", "parent", "machine_translated", "translations"]
        translated_fields = ["name"]


def sector_briefs(context: dict, *, fresh: bool = False) -> dict[int, dict]:
    """Every sector as ``SectorBriefSerializer`` gives it, by id, in the sectors' order (position,
    slug): rendered once per content version, language and ``lang=all`` (``versioned_value``), or
    now when ``fresh``. The sector tree is a small table that every list row names a few of."""
    request = context.get("request")
    all_languages = getattr(request, "api_all_languages", False)

    def render() -> dict[int, dict]:
        sectors = list(Sector.objects.select_related("parent").order_by("position", "slug"))
        data = SectorBriefSerializer(sectors, many=True, context=context).data
        return {sector.pk: dict(brief) for sector, brief in zip(sectors, data, strict=True)}

    return render() if fresh else versioned_value("api:sector-briefs", all_languages, compute=render)


@extend_schema_field(SectorBriefSerializer(many=True))
class SectorBriefsField(serializers.Field):
    """An object's sectors, as ``SectorBriefSerializer(many=True)`` gives them.

    A list view attaches each row's sector ids as ``attribute`` (from the through table, one query
    for the page): they are looked up in ``sector_briefs`` instead of building a sector and a parent
    instance per row and serializing each. Without them (a detail) the relation is serialized.
    """

    def __init__(self, relation: str = "sectors", attribute: str = "sector_ids", **kwargs):
        self.relation = relation
        self.attribute = attribute
        self._briefs: dict[int, dict] = {}
        self._rank: dict[int, int] = {}
        self._loaded = False
        self._serializer: SectorBriefSerializer | None = None
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        ids = instance.__dict__.get(self.attribute)
        if ids is None:
            if self._serializer is None:
                self._serializer = SectorBriefSerializer(context=self.context)
            return [
                self._serializer.to_representation(sector)
                for sector in getattr(instance, self.relation).all()
            ]
        if not self._loaded:  # once per field: it lives one request, in one language
            self._load(fresh=False)
        if any(pk not in self._rank for pk in ids):  # a sector newer than the memo
            self._load(fresh=True)
        return [self._briefs[pk] for pk in sorted(ids, key=self._rank.__getitem__)]

    def _load(self, *, fresh: bool) -> None:
        self._briefs = sector_briefs(self.context, fresh=fresh)
        self._rank = {pk: index for index, pk in enumerate(self._briefs)}
        self._loaded = True


class SectorSerializer(TranslatedModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    url = APIURLField("sector-detail")

    class Meta:
        model = Sector
        fields = [
            "slug",
            "name",
            "description",
            "parent",
            "position",
            "url",
            "machine_translated",
            "translations",
        ]
        translated_fields = ["name", "description"]


class OrganizationBriefSerializer(TranslatedModelSerializer):
    """An organization inside another object (owner, seller, buyer, lender, company)."""

    country = serializers.CharField(source="country_id", read_only=True)
    url = APIURLField("organization-detail")

    class Meta:
        model = Organization
        fields = ["slug", "name", "kind", "country", "url", "machine_translated", "translations"]
        translated_fields = ["name"]


class OrganizationSerializer(TranslatedModelSerializer):
    country = CountrySerializer(read_only=True)
    url = APIURLField("organization-detail")

    class Meta:
        model = Organization
        fields = [
            "slug",
            "name",
            "kind",
            "country",
            "city",
            "website",
            "description",
            "is_high_tech",
            "high_tech_certified_until",
            "url",
            "machine_translated",
            "translations",
        ]
        translated_fields = ["name", "city", "description"]


class ArticleSerializer(TranslatedModelSerializer):
    image = serializers.ImageField(read_only=True, use_url=True, allow_null=True)
    url = APIURLField("article-detail")
    web_url = WebURLField("news:detail")

    class Meta:
        model = Article
        fields = [
            "slug",
            "title",
            "summary",
            "body",
            "image",
            "image_alt",
            "published_at",
            "updated_at",
            "url",
            "web_url",
            "machine_translated",
            "translations",
        ]
        translated_fields = ["title", "summary", "body", "image_alt"]


class PageSerializer(TranslatedModelSerializer):
    url = APIURLField("page-detail")
    web_url = WebURLField("pages:detail")

    class Meta:
        model = Page
        fields = [
            "slug",
            "title",
            "summary",
            "body",
            "published_at",
            "updated_at",
            "url",
            "web_url",
            "machine_translated",
            "translations",
        ]
        translated_fields = ["title", "summary", "body"]


class ReadingField(serializers.Field):
    """One attribute of a key figure's reading (``KeyFigure.current``): computed from the register
    for its period up to today, or the value typed in."""

    def __init__(self, attribute, schema, **kwargs):
        self.attribute = attribute
        super().__init__(source="*", read_only=True, **kwargs)
        extend_schema_field(schema)(self)

    def to_representation(self, figure):
        value = getattr(figure.current, self.attribute)
        # As DRF writes a DecimalField: a string with two decimals.
        return f"{value:.2f}" if isinstance(value, Decimal) else value


class KeyFigureSerializer(TranslatedModelSerializer):
    url = APIURLField("key-figure-detail", lookup_field="pk")
    value = ReadingField(
        "value",
        {"type": "string", "format": "decimal", "pattern": r"^-?\d{0,18}(?:\.\d{0,2})?$", "nullable": True},
        help_text="For a computed figure, measured from the register for the period up to today; "
        "null when the period has not begun.",
    )
    value_as_of = ReadingField(
        "end", OpenApiTypes.DATE, help_text="The last day the value covers: today for a period still running."
    )
    computed = ReadingField(
        "computed",
        OpenApiTypes.BOOL,
        help_text="true: computed from the register on every read; false: editorial, with its source.",
    )
    withheld_count = ReadingField(
        "withheld",
        OpenApiTypes.INT,
        help_text="Confidential contracts counted in the period whose values are left out of value.",
    )

    class Meta:
        model = KeyFigure
        fields = [
            "id",
            "key",
            "label",
            "value",
            "in_yuan",
            "unit",
            "period_start",
            "period_end",
            "value_as_of",
            "computed",
            "withheld_count",
            "illustrative",
            "source",
            "source_url",
            "url",
            "machine_translated",
            "translations",
        ]
        translated_fields = ["label", "unit", "source"]


class ReasonSerializer(serializers.Serializer):
    """One matching rule, met or not (technology and financing matches)."""

    met = serializers.BooleanField()
    hard = serializers.BooleanField(
        help_text="A hard constraint: unmet, it disqualifies (never a match). Soft: it only costs points."
    )
    text = serializers.CharField(help_text="In the response's language.")

"""Stored HTML is sanitised whatever the path: ORM create, update through save, admin."""

import pytest

from haidian.core.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

DIRTY = '<p onclick="steal()">Hi<script>alert(1)</script> <a href="javascript:alert(2)">x</a></p><iframe src="//evil"></iframe>'


def test_orm_create_sanitises_both_languages():
    technology = factories.TechnologyFactory(description_en=DIRTY, description_zh_hans=DIRTY)
    technology.refresh_from_db()
    for html in (technology.description_en, technology.description_zh_hans):
        assert "<script" not in html and "onclick" not in html and "javascript:" not in html
        assert "<iframe" not in html
        assert "Hi" in html


def test_save_sanitises_and_keeps_allowed_markup():
    article = factories.ArticleFactory()
    article.body_zh_hans = '<h2>标题</h2><p><strong>重点</strong><img src=x onerror="x()"></p>'
    article.save()
    stored = Article.objects.get(pk=article.pk).body_zh_hans
    assert stored == "<h2>标题</h2><p><strong>重点</strong></p>"

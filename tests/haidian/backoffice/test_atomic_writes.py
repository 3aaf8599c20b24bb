"""Every multi-row write is one transaction: a failure injected part-way leaves nothing half-saved."""

import io
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from haidian.ops.management.commands.delete_orphan_uploads import orphan_uploads
from listings import services
from listings.models import Attachment, Inquiry, InquiryStatus, Technology, TechnologyStatus
from tests import factories, samples
from tests.haidian.backoffice.test_import_export import TECH_HEADERS, csv_bytes, refs, run_import, tech_row  # noqa: F401

pytestmark = pytest.mark.django_db


class Injected(Exception):
    """The failure the tests inject; nothing catches it."""


@pytest.fixture
def fail_on_save():
    """``fail_on_save(Model, n)``: the n-th save of a ``Model`` row raises, after the row and its
    history row were written (simple-history's receiver runs first); returns the pks seen."""
    connected = []

    def install(model, n):
        seen = []

        def receiver(sender, instance, **kwargs):
            seen.append(instance.pk)
            if len(seen) == n:
                raise Injected(f"{model.__name__} save #{n}")

        post_save.connect(receiver, sender=model, weak=False)
        connected.append((receiver, model))
        return seen

    yield install
    for receiver, model in connected:
        post_save.disconnect(receiver, sender=model)


def snapshot(technology):
    technology.refresh_from_db()
    return (
        technology.title_en,
        technology.status,
        technology.updated_at,
        technology.history.count(),
        Attachment.objects.count(),
        Attachment.history.count(),
    )


def change_form_data(client, url):
    """What the browser posts back from the change page: the form's values and the inlines' management forms."""
    response = client.get(url)
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
    return data


def attachment_row(i, name, content):
    return {
        f"attachments-{i}-title_en": f"File {i}",
        f"attachments-{i}-title_zh_hans": f"文件{i}",
        f"attachments-{i}-file": SimpleUploadedFile(name, content),
        f"attachments-{i}-is_public": "on",
        f"attachments-{i}-position": i,
    }


def test_change_form_with_inlines_is_all_or_nothing(admin_client, fail_on_save):
    technology = factories.TechnologyFactory(
        status=TechnologyStatus.DRAFT,
        published_at=None,
        title_en="Before",
        sectors=[factories.SectorFactory()],
    )
    before = snapshot(technology)
    url = reverse("admin:listings_technology_change", args=[technology.pk])
    data = change_form_data(admin_client, url)
    data.update({"title_en": "After", "attachments-TOTAL_FORMS": 2})
    for i, (name, content) in enumerate([("a.pdf", samples.PDF), ("b.png", samples.image("PNG"))]):
        data.update(attachment_row(i, name, content))
    seen = fail_on_save(Attachment, 2)
    with pytest.raises(Injected):
        admin_client.post(url, data)
    assert len(seen) == 2, "the first attachment was saved before the failure"
    assert snapshot(technology) == before
    # Both files reached the disk before the failure (a file is stored before its row); the
    # orphan clean-up finds them.
    orphans = orphan_uploads(older_than=timedelta(0))
    assert sorted(name.rsplit(".", 1)[1] for name in orphans) == ["pdf", "png"]
    assert all(name.startswith("attachments/") for name in orphans)
    call_command("delete_orphan_uploads", "--older-than=0", "--delete", stdout=io.StringIO())
    assert orphan_uploads(older_than=timedelta(0)) == []


def test_the_same_form_saves_everything_without_the_failure(admin_client):
    """The control: the post above is a valid one."""
    technology = factories.TechnologyFactory(
        status=TechnologyStatus.DRAFT, published_at=None, sectors=[factories.SectorFactory()]
    )
    url = reverse("admin:listings_technology_change", args=[technology.pk])
    data = change_form_data(admin_client, url)
    data.update({"title_en": "After", "attachments-TOTAL_FORMS": 1})
    data.update(attachment_row(0, "a.pdf", samples.PDF))
    response = admin_client.post(url, data)
    errors = response.context and [
        f.errors for i in response.context["inline_admin_formsets"] for f in i.formset
    ]
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors,
        errors,
    )
    technology.refresh_from_db()
    assert technology.title_en == "After" and technology.attachments.count() == 1


def test_import_is_all_or_nothing(admin_client, refs, fail_on_save):  # noqa: F811
    factories.TechnologyFactory(slug="chip-1", title_en="Untouched", status=TechnologyStatus.DRAFT)
    before = (Technology.objects.count(), Technology.history.count(), list(Technology.objects.values()))
    content = csv_bytes(TECH_HEADERS, [tech_row("chip-1"), tech_row("chip-2"), tech_row("chip-3")])
    preview, _result = run_import(admin_client, "listings_technology", content, "t.csv", 0, confirm=False)
    seen = fail_on_save(Technology, 2)
    form = preview.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    response = admin_client.post(reverse("admin:listings_technology_process_import"), data)
    assert len(seen) == 3, "every row was tried (to report every error), the second one failed"
    assert response.status_code == 302
    message = str(list(response.wsgi_request._messages)[0])
    # The second data row is row 3 of the spreadsheet (the header is row 1), as the import page counts.
    assert message.startswith("Nothing was imported: 1 row(s) failed (first: row 3)"), message
    assert not LogEntry.objects.exists(), "no log entries for rows that were undone"
    after = (Technology.objects.count(), Technology.history.count(), list(Technology.objects.values()))
    assert after == before


def test_resource_import_is_all_or_nothing(refs, fail_on_save):  # noqa: F811
    import tablib

    from listings.resources import TechnologyResource

    dataset = tablib.Dataset(tech_row("chip-1"), tech_row("chip-2"), headers=TECH_HEADERS)
    fail_on_save(Technology, 2)
    result = TechnologyResource().import_data(dataset, dry_run=False, raise_errors=False)
    assert result.has_errors()
    assert not Technology.objects.exists() and not Technology.history.exists()


def test_bulk_action_failure_undoes_the_whole_selection(admin_client, fail_on_save):
    listings = factories.TechnologyFactory.create_batch(
        3, status=TechnologyStatus.IN_REVIEW, published_at=None
    )
    seen = fail_on_save(Technology, 2)
    with pytest.raises(Injected):
        admin_client.post(
            reverse("admin:listings_technology_changelist"),
            {"action": "publish_selected", "_selected_action": [t.pk for t in listings]},
        )
    assert len(seen) == 2
    assert set(Technology.objects.values_list("status", flat=True)) == {TechnologyStatus.IN_REVIEW}
    assert Technology.history.filter(history_type="~").count() == 0


def test_bulk_action_refusal_skips_only_that_record(admin_client):
    """A refused record (not a failure) is left alone and the others still change."""
    ready = factories.TechnologyFactory(status=TechnologyStatus.IN_REVIEW, published_at=None)
    draft = factories.TechnologyFactory(status=TechnologyStatus.DRAFT, published_at=None)
    admin_client.post(
        reverse("admin:listings_technology_changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, draft.pk]},
    )
    ready.refresh_from_db()
    draft.refresh_from_db()
    assert (ready.status, draft.status) == (TechnologyStatus.PUBLISHED, TechnologyStatus.DRAFT)


def test_expiry_withdraws_all_or_none(fail_on_save):
    now = timezone.now()
    expired = factories.TechnologyFactory.create_batch(
        3, published_at=now - timezone.timedelta(days=30), expires_at=now - timezone.timedelta(days=1)
    )
    fail_on_save(Technology, 2)
    with pytest.raises(Injected):
        services.expire_stale_listings(now=now)
    assert {t.status for t in Technology.objects.filter(pk__in=[t.pk for t in expired])} == {
        TechnologyStatus.PUBLISHED
    }
    assert Technology.history.filter(history_type="~").count() == 0


def test_inquiry_submit_leaves_nothing_and_sends_nothing(
    fail_on_save, mailoutbox, django_capture_on_commit_callbacks
):
    technology = factories.TechnologyFactory()
    fail_on_save(Inquiry, 1)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Injected):
        services.inquiry_submit(technology=technology, name="Li Wei", email="li@example.com", message="Hello")
    assert not Inquiry.objects.exists() and not Inquiry.history.exists()
    assert mailoutbox == []


def test_transition_failure_leaves_status_and_history(fail_on_save, admin_user):
    technology = factories.TechnologyFactory(status=TechnologyStatus.IN_REVIEW, published_at=None)
    history = technology.history.count()
    fail_on_save(Technology, 1)
    with pytest.raises(Injected):
        services.technology_publish(technology=technology, by=admin_user)
    technology.refresh_from_db()
    assert technology.status == TechnologyStatus.IN_REVIEW and technology.published_at is None
    assert technology.history.count() == history


def test_inquiry_forward_failure_sends_no_mail(
    fail_on_save, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    inquiry = factories.InquiryFactory(status=InquiryStatus.NEW)
    fail_on_save(Inquiry, 1)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Injected):
        services.inquiry_forward(inquiry=inquiry, by=admin_user)
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.NEW and mailoutbox == []

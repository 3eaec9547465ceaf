"""Keep the organisations' search documents current: connected in CompaniesConfig.ready()."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import TaggedItem

from . import search
from .models import Department, Industry, Municipality, Organisation, Topic

# The fields of an organisation that end up in its search document.
DOCUMENT_FIELDS = {"name", "pitch", "description", "municipality", "kind"}


def organisation_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields is not None and not DOCUMENT_FIELDS.intersection(update_fields)):
        return
    search.schedule_refresh({instance.pk})


def relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Organisation):
        search.schedule_refresh({instance.pk})
    elif pk_set:  # changed from the topic's or industry's side
        search.schedule_refresh(set(pk_set))


def department_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        search.schedule_refresh({instance.organisation_id})


def vocabulary_changed(sender, instance, created=False, raw=False, **kwargs):
    """A topic, industry or place was renamed: everyone who carries it gets a new document."""
    if raw or created:
        return
    related = {Topic: "topics", Industry: "industries", Municipality: "municipality"}[sender]
    search.refresh_search_documents(Organisation.objects.filter(**{related: instance}))


def connect():
    post_save.connect(organisation_saved, sender=Organisation, dispatch_uid="search-organisation")
    m2m_changed.connect(relation_changed, sender=Organisation.topics.through, dispatch_uid="search-topics")
    m2m_changed.connect(relation_changed, sender=Organisation.industries.through, dispatch_uid="search-industries")
    m2m_changed.connect(relation_changed, sender=TaggedItem, dispatch_uid="search-keywords")
    post_save.connect(department_changed, sender=Department, dispatch_uid="search-department-saved")
    post_delete.connect(department_changed, sender=Department, dispatch_uid="search-department-deleted")
    for model in (Topic, Industry, Municipality):
        post_save.connect(vocabulary_changed, sender=model, dispatch_uid=f"search-{model.__name__}")

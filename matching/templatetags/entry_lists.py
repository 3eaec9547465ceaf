from django import template

from matching.lists import anonymous_publisher, organisation_entries

register = template.Library()


@register.simple_tag(takes_context=True)
def organisation_section(context, organisation):
    """What the profile section shows: {"needs", "offers", "is_member"}. The profile page passes the visitor's
    `membership`; elsewhere it is looked up (one more query)."""
    user = context["user"]
    if "membership" in context:
        is_member = context["membership"] is not None
    else:
        is_member = organisation.membership_for(user) is not None
    needs, offers = organisation_entries(organisation, user)
    return {"needs": needs, "offers": offers, "is_member": is_member}


@register.filter
def anonymous_name(entry):
    """ "An organisation in the Hochsauerlandkreis": an anonymous entry's publisher, without the name."""
    return anonymous_publisher(entry)

from django import template

from matching import services

register = template.Library()


@register.simple_tag
def open_requests_received(user):
    """How many open contact requests the user's organisations have received and not answered yet (one query)."""
    return services.open_received_count(user)

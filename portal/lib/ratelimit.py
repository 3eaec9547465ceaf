"""Rate limits for the portal's own actions, counted by allauth's machinery.

One mechanism for every limit: allauth's (log-in, sign-up, password reset) and ours (feedback, contact,
booking) share the cache, the client-IP detection behind trusted proxies (ALLAUTH_TRUSTED_PROXY_COUNT) and
the configuration in ACCOUNT_RATE_LIMITS, where each action names its rate, e.g. "feedback": "5/h/ip".
"""

from allauth.core import ratelimit


def allow(request, action, key=None):
    """Count one use of `action`; False once the configured rate is exhausted."""
    return ratelimit.consume(request, action=action, key=key)

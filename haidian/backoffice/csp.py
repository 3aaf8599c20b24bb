"""The back office's own Content-Security-Policy.

The public site's strict policy excludes ``/admin/`` because the rich-text editor loads its modules
through an inline import map. The admin still gets a policy: everything from our own origin only
(no CDN, no outside fonts, no framing, forms post to us), with inline scripts and styles allowed
for the editor's import map and the admin widgets' inline styles.
"""

from django.conf import settings


def admin_policy() -> str:
    directives = settings.ADMIN_CONTENT_SECURITY_POLICY
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class AdminContentSecurityPolicyMiddleware:
    """Sets the admin policy on responses under the admin prefix that carry no policy yet."""

    header = "Content-Security-Policy"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(settings.ADMIN_URL_PREFIX) and self.header not in response:
            response[self.header] = admin_policy()
        return response

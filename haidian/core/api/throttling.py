"""Anonymous throttling, counted in the default cache (Redis through CACHE_URL in production,
so every worker shares one count). The rate is the ``anon`` entry of
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (env ``API_ANON_RATE``), read on every request. The client
is ``haidian.core.web.limit_key`` (the address of ``client_ip``), as for the form limits; the login lockout
reads ``client_ip``."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from haidian.core.web import limit_key


class AnonymousRateThrottle(AnonRateThrottle):
    def get_ident(self, request):
        # One client-address rule for every limiter (DRF's own, with NUM_PROXIES unset, keys on the
        # whole X-Forwarded-For header, which the client writes).
        return limit_key(request)

    def get_rate(self):
        # DRF reads the rates once, at import; read them live so settings overrides apply.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

from django.test import RequestFactory

from audit.middleware import client_ip


def _request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_it_ignores_forwarded_headers_from_untrusted_clients(settings):
    settings.TRUSTED_PROXIES = frozenset()
    assert client_ip(_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_it_reads_the_client_behind_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = frozenset({"10.0.0.5"})
    assert client_ip(_request("10.0.0.5", "198.51.100.7")) == "198.51.100.7"


def test_it_does_not_trust_a_forged_leftmost_hop(settings):
    settings.TRUSTED_PROXIES = frozenset({"10.0.0.5"})
    forged = "1.1.1.1, 198.51.100.7"  # the client sent "1.1.1.1" itself
    assert client_ip(_request("10.0.0.5", forged)) == "198.51.100.7"

from django.test import RequestFactory

from candela.accounts.forms import client_address


def request_from(remote_addr, forwarded_for=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().post("/login/", **headers)


def test_without_trusted_proxies_a_forged_forwarded_for_header_is_ignored(settings):
    settings.CANDELA_TRUSTED_PROXIES = 0
    assert client_address(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_behind_one_proxy_the_address_the_proxy_saw_is_the_client(settings):
    settings.CANDELA_TRUSTED_PROXIES = 1
    # The client forged the first entry; the proxy appended the address it really saw.
    request = request_from("10.0.0.2", "203.0.113.66, 198.51.100.7")
    assert client_address(request) == "198.51.100.7"


def test_behind_a_proxy_without_the_header_falls_back_to_the_peer(settings):
    settings.CANDELA_TRUSTED_PROXIES = 1
    assert client_address(request_from("10.0.0.2")) == "10.0.0.2"

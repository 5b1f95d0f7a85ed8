from django.contrib.auth.hashers import check_password, make_password

from candela.config import settings as production_settings


def test_production_hashes_passwords_with_argon2_first():
    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_argon2_hash_round_trips(settings):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    encoded = make_password("a-long-test-passphrase-1")
    assert encoded.startswith("argon2$")
    assert check_password("a-long-test-passphrase-1", encoded)
    assert not check_password("wrong", encoded)

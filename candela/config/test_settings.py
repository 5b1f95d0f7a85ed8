"""Settings for the test suite: the real settings, a throwaway data directory, and the database
named by `CANDELA_TEST_DATABASE_URL` (PostgreSQL in CI) instead of the SQLite default."""

import os
import tempfile

os.environ.setdefault("CANDELA_DATA_DIR", tempfile.mkdtemp(prefix="candela-test-"))
os.environ.setdefault(
    "CANDELA_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789"
)

from candela.config.settings import *  # noqa: F403
from candela.config.settings import DATA_DIR, DATABASES, database

if test_database_url := os.environ.get("CANDELA_TEST_DATABASE_URL"):
    # The same options as production (prepared statements, server-side binding), which
    # change how PostgreSQL types parameters.
    DATABASES["default"] = database(test_database_url)
    # One test database per run, so that two runs on one server (CI and a developer) never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_candela_{os.getpid()}"}
else:
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}

# Two test runs on one Redis (CI and a developer) must not hear each other's live events.
CANDELA_REALTIME_PREFIX = f"candela-test-{os.getpid()}:"

# Tasks run at once, inside the test, so that their effects can be asserted.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Argon2 costs ~0.1 s per hash by design; the suite hashes hundreds of passwords. Production's
# hasher list (Argon2 first) is asserted in candela/accounts/tests/test_passwords.py.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

"""Settings for the benchmark scripts: Candela's own, with tasks run at once in the calling
process (generate.py and fanout.py time the fan-out itself, not a queue)."""

from candela.config.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LOGGING = {"version": 1, "disable_existing_loggers": False}

"""The `candela` command: run (everything, embedded), web, streaming, worker, migrate,
createuser, demo."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import threading
from collections.abc import Sequence

WSGI_TARGET = "candela.config.wsgi:application"
# A client's subscribe message is a few dozen bytes.
WEBSOCKET_MAX_BYTES = 64 * 1024


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "candela.config.settings")
    import django

    django.setup()


def call(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def serve_wsgi(host: str, port: int, workers: int, threads: int) -> None:
    from django.db import connections
    from granian.constants import Interfaces
    from granian.server import Server

    # Web workers start as fresh interpreters: a forked child would inherit this process's
    # database connections and hang on its first write.
    multiprocessing.set_start_method("spawn", force=True)
    connections.close_all()

    server = Server(
        WSGI_TARGET,
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        # Each blocking thread may hold a database connection: keep the count small.
        blocking_threads=threads,
        backpressure=threads * 4,
        log_access=False,
    )
    announce(host, port)
    server.serve()


def announce(host: str, port: int) -> None:
    shown_host = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104
    print(f"Candela is running at http://{shown_host}:{port}/ (press Ctrl-C to stop)", flush=True)


class EmbeddedTaskWorker:
    """Runs the database task queue in a thread of `candela run`, off the request path."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.worker: object | None = None

    def start(self) -> None:
        from django.utils.crypto import get_random_string
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(
            queue_names=["*"],
            interval=0.5,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"embedded-{get_random_string(8)}",
            excluded_queue_names=[],
        )
        self.worker = worker
        self.thread = threading.Thread(target=worker.run, name="candela-tasks", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.running = False  # type: ignore[attr-defined]
        if self.thread is not None:
            self.thread.join(timeout=10)


def serve_asgi(target: str, host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    uvicorn.run(
        target,
        host=host,
        port=port,
        workers=workers,
        lifespan="on",
        ws_max_size=WEBSOCKET_MAX_BYTES,
        log_level="warning",
        access_log=False,
    )


def command_run(args: argparse.Namespace) -> None:
    """Everything in one process: the pages and API (WSGI, in a thread pool), the streaming
    endpoints, the in-process broker between them, and the task worker."""
    call("migrate", "--no-input", "--verbosity", "0")
    from django.conf import settings

    os.environ["CANDELA_THREADS"] = str(args.threads)
    task_worker = None
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        task_worker = EmbeddedTaskWorker()
        task_worker.start()
    announce(args.host, args.port)
    try:
        serve_asgi("candela.config.asgi:application", args.host, args.port)
    finally:
        if task_worker is not None:
            task_worker.stop()


def command_streaming(args: argparse.Namespace) -> None:
    from django.conf import settings

    if not settings.REDIS_URL:
        print(
            "error: `candela streaming` runs beside the web workers and hears their events "
            "through Redis: set CANDELA_REDIS_URL. Without Redis, `candela run` serves the "
            "streaming endpoints itself.",
            file=sys.stderr,
        )
        raise SystemExit(2)
    serve_asgi("candela.config.asgi:streaming", args.host, args.port, workers=args.workers)


def command_web(args: argparse.Namespace) -> None:
    serve_wsgi(args.host, args.port, workers=args.workers, threads=args.threads)


def command_worker(args: argparse.Namespace) -> None:
    from django.conf import settings

    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        options = ["--queue-name", "*", "--interval", "1"]
        call("db_worker", *options, *(["--batch"] if args.burst else []))
    else:
        # RQ must build django-tasks' own Job class, or it cannot call the task nor record
        # its result. RQ's default worker forks a process per job, which costs a few hundred
        # milliseconds before a fan-out or a notification reaches anyone's open stream; the
        # simple worker runs the jobs in its own process.
        options = [
            "default",
            "--job-class",
            "django_tasks_rq.Job",
            "--worker-class",
            "rq.worker.SimpleWorker",
        ]
        call("rqworker", *options, *(["--burst"] if args.burst else ["--with-scheduler"]))


def command_migrate(args: argparse.Namespace) -> None:
    call("migrate", "--no-input")


def command_createuser(args: argparse.Namespace) -> None:
    from django.core.exceptions import ValidationError

    from candela.accounts.services import create_user

    try:
        user = create_user(
            username=args.username,
            email=args.email,
            password=args.password,
            language=args.language,
            is_staff=args.admin,
        )
    except ValidationError as error:
        for message in error.messages:
            print(f"error: {message}", file=sys.stderr)
        raise SystemExit(1) from error
    role = "administrator" if user.is_staff else "member"
    print(f"Created {role} @{user.username}")


def command_demo(args: argparse.Namespace) -> None:
    from candela.demo import populate

    call("migrate", "--no-input", "--verbosity", "0")
    created = populate(password=args.password)
    print(f"Demo community ready: {created} new people (password: {args.password}).")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="candela", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="migrate and serve everything (embedded mode)")
    run.add_argument("--host", default=os.environ.get("CANDELA_HOST", "127.0.0.1"))
    run.add_argument("--port", type=int, default=int(os.environ.get("CANDELA_PORT", "8000")))
    run.add_argument("--threads", type=int, default=8)
    run.set_defaults(handler=command_run)

    web = commands.add_parser("web", help="the production WSGI server (granian)")
    web.add_argument("--host", default=os.environ.get("CANDELA_HOST", "127.0.0.1"))
    web.add_argument("--port", type=int, default=int(os.environ.get("CANDELA_PORT", "8000")))
    web.add_argument("--workers", type=int, default=int(os.environ.get("CANDELA_WEB_WORKERS", "2")))
    web.add_argument("--threads", type=int, default=int(os.environ.get("CANDELA_WEB_THREADS", "8")))
    web.set_defaults(handler=command_web)

    streaming = commands.add_parser(
        "streaming", help="the streaming server (uvicorn; needs CANDELA_REDIS_URL)"
    )
    streaming.add_argument("--host", default=os.environ.get("CANDELA_HOST", "127.0.0.1"))
    streaming.add_argument(
        "--port", type=int, default=int(os.environ.get("CANDELA_STREAMING_PORT", "4000"))
    )
    streaming.add_argument(
        "--workers", type=int, default=int(os.environ.get("CANDELA_STREAMING_WORKERS", "1"))
    )
    streaming.set_defaults(handler=command_streaming)

    worker = commands.add_parser("worker", help="run background tasks")
    worker.add_argument(
        "--burst", action="store_true", help="run the tasks already queued, then exit"
    )
    worker.set_defaults(handler=command_worker)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(
        handler=command_migrate
    )

    createuser = commands.add_parser("createuser", help="create an account without prompts")
    createuser.add_argument("username")
    createuser.add_argument("--email", required=True)
    createuser.add_argument("--password", required=True)
    createuser.add_argument("--language", default="en")
    createuser.add_argument("--admin", action="store_true", help="staff and superuser")
    createuser.set_defaults(handler=command_createuser)

    demo = commands.add_parser("demo", help="fill the server with a small demo community")
    demo.add_argument("--password", default="candela-demo")
    demo.set_defaults(handler=command_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    setup_django()
    args.handler(args)


if __name__ == "__main__":
    main()

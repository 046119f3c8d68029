"""The web process (``python -m bot run web``): one Starlette ASGI app on ``PORT``.

Routes come from an explicit registry of platforms, each enabled by its settings:

- ``slack`` — ``POST /slack/events`` when ``SLACK_SIGNING_SECRET`` is set (HTTP mode);
- ``telegram`` — ``POST /telegram/webhook`` when ``TELEGRAM_WEBHOOK_URL`` is set;
- ``GET /healthz`` always.

A platform provider is ``module:function`` with ``function(settings) -> list[BaseRoute]``;
a provider module may also define ``lifespan(settings)`` returning an async context manager
(set the webhook on start-up, close clients on shutdown). Providers are imported only when
enabled, so the web process never loads a platform it does not serve.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from adapters.webguard import CatchAll, GuardedH11Protocol
from bot import logredact
from bot.config import Settings, load_settings
from bot.errors import ConfigError, UsageError

MAX_BODY = 1_000_000  # no route takes more; each also reads its body bounded and timed

PROVIDERS: dict[str, tuple[Callable[[Settings], bool], str]] = {
    "slack": (lambda s: s.slack_signing_secret is not None, "adapters.slack.http:routes"),
    "telegram": (
        lambda s: s.telegram_webhook_url is not None,
        "adapters.telegram.webhook:routes",
    ),
}


def enabled_platforms(settings: Settings) -> list[str]:
    return [name for name, (enabled, _) in PROVIDERS.items() if enabled(settings)]


def _load(name: str) -> tuple[Callable[[Settings], Sequence[BaseRoute]], Any]:
    module_name, _, func_name = PROVIDERS[name][1].partition(":")
    try:
        module = importlib.import_module(module_name)
        provider = getattr(module, func_name)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"the {name} web routes are not available: {exc}") from None
    return provider, getattr(module, "lifespan", None)


def create_app(
    settings: Settings, *, mounted: Mapping[str, Sequence[BaseRoute]] | None = None
) -> Starlette:
    """The ASGI app. ``mounted`` gives ready-made routes for a platform (tests, benchmarks)
    instead of building them from settings."""
    mounted = dict(mounted or {})
    routes: list[BaseRoute] = []
    lifespans: list[Any] = []
    platforms = sorted(set(enabled_platforms(settings)) | set(mounted))
    for name in platforms:
        if name in mounted:
            routes.extend(mounted[name])
            continue
        provider, provider_lifespan = _load(name)
        routes.extend(provider(settings))
        if provider_lifespan is not None:
            lifespans.append(provider_lifespan)

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"ok": True, "platforms": platforms})

    routes.append(Route("/healthz", healthz, methods=["GET"]))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            for factory in lifespans:
                await stack.enter_async_context(factory(settings))
            yield

    return Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[Middleware(CatchAll)],
        max_body_size=MAX_BODY,
    )


def server_config(app: Any, settings: Settings, host: str, level: str) -> Any:
    """uvicorn's config with the web process's defences: a header deadline and a cap on open
    connections (:class:`~adapters.webguard.GuardedH11Protocol`), a short keep-alive, small
    h11 buffers and a concurrency limit (503 beyond it)."""
    import uvicorn

    protocol = type(
        "WebProtocol",
        (GuardedH11Protocol,),
        {
            "header_timeout": settings.web_header_timeout,
            "max_connections": settings.web_max_connections,
        },
    )
    return uvicorn.Config(
        app,
        host=host,
        port=settings.port,
        log_level=level,
        http=protocol,
        limit_concurrency=settings.web_max_connections,
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=16 * 1024,
        backlog=256,
    )


def main(argv: list[str] | None = None) -> int:
    """Serve the app with uvicorn on ``PORT`` (``--host`` defaults to all interfaces)."""
    import uvicorn

    parser = argparse.ArgumentParser(prog="python -m bot run web", add_help=False)
    parser.add_argument("--host", default="0.0.0.0")  # noqa: S104 (a web process listens on all interfaces)
    args, unknown = parser.parse_known_args(argv or [])
    if unknown:
        raise UsageError(f"run web: unknown option(s) {' '.join(unknown)}; use --host HOST")
    settings = load_settings()
    if not enabled_platforms(settings):
        raise ConfigError(
            "nothing to serve: set SLACK_SIGNING_SECRET (Slack HTTP mode) "
            "or TELEGRAM_WEBHOOK_URL (Telegram webhook)"
        )
    level = settings.log_level.lower()
    if level not in uvicorn.config.LOG_LEVELS:
        raise ConfigError(
            f"LOG_LEVEL is malformed: use one of {', '.join(uvicorn.config.LOG_LEVELS)}"
        )
    app = create_app(settings)
    config = server_config(app, settings, args.host, level)
    logredact.install(settings)  # after uvicorn has configured its own handlers
    uvicorn.Server(config).run()
    return 0

"""`/healthz`, `/readyz` and `/metrics` over HTTP, for any aiohttp application.

Slack's HTTP mode serves them beside `/slack/events`; otherwise the composition root
serves them on `PRAXIS_HEALTH_PORT`. Alive means the process answers; ready means the
database answers and every platform this process serves is connected.
"""

from __future__ import annotations

from aiohttp import web

from bot.face import Core

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"


def add_health_routes(application: web.Application, core: Core) -> None:
    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def readyz(_request: web.Request) -> web.Response:
        readiness = await core.readiness()
        return web.json_response(readiness.as_json(), status=200 if readiness.ready else 503)

    async def metrics(_request: web.Request) -> web.Response:
        body, content_type = core.metrics()
        response = web.Response(body=body)
        response.headers["Content-Type"] = content_type
        return response

    application.router.add_get(HEALTH_PATH, healthz)
    application.router.add_get(READY_PATH, readyz)
    application.router.add_get(METRICS_PATH, metrics)


def health_app(core: Core) -> web.Application:
    application = web.Application()
    add_health_routes(application, core)
    return application


async def serve_health(core: Core, host: str, port: int) -> web.AppRunner:
    """Start the health server; the caller cleans the returned runner up."""
    runner = web.AppRunner(health_app(core), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner

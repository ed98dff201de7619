"""What every xiuhua service shares at run time: settings, the composition of clients,
errors, limits, health, metrics and tracing."""

from xiuhua_runtime.app import create_service_app
from xiuhua_runtime.errors import ApiError, Conflict, Forbidden, NotFound, TooManyRequests, Unauthorized, Unprocessable
from xiuhua_runtime.runtime import Runtime
from xiuhua_runtime.serve import serve
from xiuhua_runtime.settings import ServiceSettings

__all__ = [
    "ApiError",
    "Conflict",
    "Forbidden",
    "NotFound",
    "Runtime",
    "ServiceSettings",
    "TooManyRequests",
    "Unauthorized",
    "Unprocessable",
    "create_service_app",
    "serve",
]

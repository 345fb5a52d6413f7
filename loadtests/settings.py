"""The demo's settings for ``make load``: MariaDB (``SPOC_DB=mysql``, database ``SPOC_MYSQL_NAME``), no debug,
quiet logs. The demo's settings read the environment: the runner sets it before Django starts."""
from demo.settings import *  # noqa: F401,F403
from demo.settings import LOGGING, MIDDLEWARE

DEBUG = False
LOGGING = {**LOGGING, "loggers": {name: {**logger, "level": "WARNING"} for name, logger in LOGGING["loggers"].items()}}
MIDDLEWARE = ["loadtests.middleware.ServerTimingMiddleware", *MIDDLEWARE]

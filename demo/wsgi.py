"""The demo's WSGI entry point, e.g. ``gunicorn --preload demo.wsgi:application``.

The workbench loads its scenarios (and assigns the blocks' usage ids) lazily, per process, on the first page
that lists or renders one: a fresh server process would answer 404 to every handler until then. They are
loaded here, at start-up. With ``--preload`` they are loaded once, in the master process, before the workers
fork (each would otherwise rewrite the same rows at once); the master's database connections are closed so
that no worker shares them.
"""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")

application = get_wsgi_application()


def load_scenarios():
    """Every block's workbench scenarios, as the workbench's first page would load them."""
    from django.db import connections
    from workbench.scenarios import get_scenarios

    get_scenarios()
    connections.close_all()


load_scenarios()

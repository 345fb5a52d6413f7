"""The WSGI application of ``make load``: the demo, with the floor block and the load scenarios registered before
the scenarios load (run it with ``gunicorn --preload``, as ``demo.wsgi``)."""
import os

from . import floor

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loadtests.settings")
floor.register()

from demo.wsgi import application  # noqa: E402  (loads every block's scenarios)


def add_load_scenarios():
    from django.db import connections
    from workbench.scenarios import SCENARIOS, add_xml_scenario

    from .scenarios import SCENARIOS as LOAD_SCENARIOS

    for name, (description, xml) in LOAD_SCENARIOS.items():
        if name not in SCENARIOS:
            add_xml_scenario(name, description, xml() if callable(xml) else xml)
    connections.close_all()


add_load_scenarios()
__all__ = ["application"]

"""Load scenarios of the SPOC blocks under Locust, against the demo served by gunicorn on MariaDB (``make load``)."""

"""Locust files of the load scenarios (``locust -f loadtests/locustfiles/<scenario>.py``, run by ``make load``)."""

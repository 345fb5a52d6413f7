"""Each answer's time inside Django and its number of SQL queries, in a ``Server-Timing`` header.

Locust's latencies include the wait for a free gunicorn worker: on a saturated (or shared) machine every
endpoint waits alike, and ratios to the floor shrink towards 1. The server's own time shows what a handler costs.
"""
import time

from django.db import connection


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries = [0]

        def count(execute, sql, params, many, context):
            queries[0] += 1
            return execute(sql, params, many, context)

        start = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - start) * 1000:.2f}, db;desc={queries[0]}"
        return response

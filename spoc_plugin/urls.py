"""URLs of the SPOC plugin, mounted by the plugin framework under /spoc/ in the LMS and Studio."""
from django.urls import include, path

app_name = "spoc"

urlpatterns = [
    path("api/v1/", include(("spoc_plugin.rest_api.v1.urls", "v1"), namespace="api-v1")),
]

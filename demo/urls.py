"""URLs of the demo: its home and sign-in pages, the SPOC plugin's URLs and the workbench.

The LMS mounts every plugin's URLs with ``get_plugin_url_patterns``; here only spoc_plugin's are
mounted (with the same helper, for Studio's project type, where edx-completion registers none),
because edx-completion's own URL module needs edx-platform to import.
"""
from django.contrib.auth import views as auth_views
from django.urls import path
from edx_django_utils.plugins import get_plugin_url_patterns
from workbench import urls as workbench_urls

from . import views

urlpatterns = [
    path("", views.home, name="demo-home"),
    path("demo/login/", auth_views.LoginView.as_view(template_name="demo/login.html"), name="login"),
    path("demo/logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("logout", views.logout_then_back, name="demo-logout-get"),
    *get_plugin_url_patterns("cms.djangoapp"),
    *workbench_urls.urlpatterns,
]

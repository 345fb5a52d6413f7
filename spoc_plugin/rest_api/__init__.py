"""REST API of the SPOC plugin (Django REST framework), mounted under /spoc/api/."""

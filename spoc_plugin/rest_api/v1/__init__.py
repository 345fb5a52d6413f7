"""Version 1 of the REST API: /spoc/api/v1/."""

"""A standalone Django project: the xblock-sdk workbench and the SPOC plugin together, on real users.

Used by ``make demo`` and by the test suite. Settings are built the way edx-platform builds the LMS's.
"""

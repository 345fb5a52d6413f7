"""Packaging for openedx-spoc: SPOC XBlocks and their Open edX plugin."""
import os
import re

from setuptools import find_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))


def package_files(root):
    """Every file below ``root``, relative to it (for package_data)."""
    found = []
    for dirpath, _dirs, files in os.walk(os.path.join(HERE, root)):
        for name in files:
            if not name.endswith(('.pyc', '.pyo')):
                found.append(os.path.relpath(os.path.join(dirpath, name), os.path.join(HERE, root)))
    return found


def get_version(path):
    """The ``__version__ = "..."`` of a module, read as text (importing it would need Django)."""
    with open(os.path.join(HERE, path), encoding="utf-8") as module:
        match = re.search(r"^__version__ = [\"']([^\"']+)[\"']$", module.read(), re.MULTILINE)
    if not match:
        raise RuntimeError(f"No __version__ in {path}")
    return match.group(1)


with open(os.path.join(HERE, "README.md"), encoding="utf-8") as readme:
    LONG_DESCRIPTION = readme.read()

BLOCKS = [
    "spoc_live_session = spoc_xblocks.live_session:LiveSessionBlock",
    "spoc_cohort_activity = spoc_xblocks.cohort_activity:CohortActivityBlock",
    "spoc_weekly_checkpoint = spoc_xblocks.weekly_checkpoint:WeeklyCheckpointBlock",
]

setup(
    name="openedx-spoc",
    version=get_version("spoc_plugin/__init__.py"),
    description="XBlocks and an Open edX plugin for private, cohort-based hybrid courses (SPOC / 2M-POC)",
    long_description=LONG_DESCRIPTION,
    long_description_content_type="text/markdown",
    license="AGPL-3.0",
    license_files=["LICENSE"],
    python_requires=">=3.11",
    packages=find_packages(include=["spoc_xblocks", "spoc_xblocks.*", "spoc_plugin", "spoc_plugin.*"])
    + ["spoc_xblocks.static"],
    # The top-level static/ folder ships inside the wheel as spoc_xblocks/static.
    package_dir={"spoc_xblocks.static": "static"},
    package_data={
        "spoc_xblocks.static": package_files("static"),
        "spoc_xblocks": ["translations/*/LC_MESSAGES/*"],
        "spoc_plugin": ["templates/**/*", "locale/*/LC_MESSAGES/*"],
    },
    include_package_data=False,
    install_requires=[
        "XBlock>=5.0,<7",
        "web-fragments>=2.0",
        "Django>=4.2,<6",
        "edx-opaque-keys>=2.5",
        "edx-django-utils>=5.10",
        "openedx-filters>=1.8",
        "openedx-events>=9.0",
        "edx-completion>=4.7",
        "event-tracking>=2.0",
        "djangorestframework>=3.14",
        "celery>=5.2",
        "icalendar>=5.0",
        "nh3>=0.2.14",
    ],
    extras_require={
        "test": [
            "XBlock[django]",
            "xblock-sdk>=0.12",
            "pytest>=8",
            "pytest-django>=4.8",
            "hypothesis>=6.100",
            "playwright>=1.40",
            "mysqlclient>=2.1",
            "redis>=5",
            "ruff>=0.6",
            "build",
            "wheel",
        ],
    },
    entry_points={
        "xblock.v1": BLOCKS,
        "lms.djangoapp": ["spoc_plugin = spoc_plugin.apps:SpocPluginConfig"],
        "cms.djangoapp": ["spoc_plugin = spoc_plugin.apps:SpocPluginConfig"],
    },
    classifiers=[
        "Framework :: Django",
        "License :: OSI Approved :: GNU Affero General Public License v3",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
    ],
    zip_safe=False,
)

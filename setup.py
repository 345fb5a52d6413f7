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


def load_requirements(path, follow=True):
    """The requirements of a pip-tools ``.in`` file, with the bounds its constraint files give them.

    Follows ``-c`` (constraints) lines, and ``-r`` (more requirements) lines unless ``follow`` is
    false, relative to the file that names them. A constraint bounds a package that is required,
    whatever its extras (``XBlock[django]`` takes the bounds of ``XBlock``).
    """
    requirements, constraints, seen = {}, {}, set()

    def read(file_path, into):
        if (file_path, id(into)) in seen:
            return
        seen.add((file_path, id(into)))
        with open(os.path.join(HERE, file_path), encoding="utf-8") as lines:
            for line in lines:
                line = line.split("#", 1)[0].strip()
                if line.startswith(("-r ", "-c ")):
                    nested = os.path.normpath(os.path.join(os.path.dirname(file_path), line[3:].strip()))
                    if line.startswith("-c"):
                        read(nested, constraints)
                    elif follow:
                        read(nested, into)
                elif line:
                    match = re.match(r"([A-Za-z0-9._-]+)(\[[A-Za-z0-9._,\s-]+\])?\s*(.*)$", line)
                    if not match:
                        raise ValueError(f"{file_path}: cannot read the requirement {line!r}")
                    name, extras, specifier = match.groups()
                    entry = into.setdefault(re.sub(r"[-_.]+", "-", name).lower(), [name, "", []])
                    entry[1] = entry[1] or (extras or "").replace(" ", "")
                    if specifier:
                        entry[2].append(specifier.replace(" ", ""))

    read(path, requirements)
    return [
        name + extras + ",".join(specifiers + constraints.get(key, [None, None, []])[2])
        for key, (name, extras, specifiers) in requirements.items()
    ]


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
    install_requires=load_requirements("requirements/base.in"),
    # The test tools (the runtime requirements come with the package).
    extras_require={"test": load_requirements("requirements/test.in", follow=False)},
    entry_points={
        "xblock.v1": BLOCKS,
        "lms.djangoapp": ["spoc_plugin = spoc_plugin.apps:SpocPluginConfig"],
        "cms.djangoapp": ["spoc_plugin = spoc_plugin.apps:SpocPluginConfig"],
        "openedx.ace.policy": ["spoc_optional_messages = spoc_plugin.messages.policy:OptionalMessagesOptout"],
    },
    classifiers=[
        "Framework :: Django",
        "License :: OSI Approved :: GNU Affero General Public License v3",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
    ],
    zip_safe=False,
)

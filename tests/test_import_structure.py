"""Layers read from the imports (docs/architecture.md): no circle, one door, progress under the domains."""
import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("spoc_plugin", "spoc_xblocks")
#: What the blocks may import of the plugin: its door, the plain helpers it shares with them, and its top package
#: (``from spoc_plugin import api``; it holds only the version).
BLOCKS_MAY_IMPORT = {"spoc_plugin", "spoc_plugin.api", "spoc_plugin.errors", "spoc_plugin.validation",
                     "spoc_plugin.csv_safety"}
DOMAINS = ("cohorts", "calendars", "enrollment", "live_sessions", "cohort_activity", "checkpoints", "tutors", "reports",
           "reminders", "messages", "api")


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules():
    """Every module of the two packages (migrations aside), with the package modules it imports, at any depth."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = _module_name(path)
            is_package = path.name == "__init__.py"
            imported = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    imported.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom):
                    base = node.module or ""
                    if node.level:
                        anchor = name.split(".") if is_package else name.split(".")[:-1]
                        anchor = anchor[:len(anchor) - node.level + 1]
                        base = ".".join(anchor + ([node.module] if node.module else []))
                    imported.add(base)
                    imported.update(f"{base}.{alias.name}" for alias in node.names)
            found[name] = imported
    names = set(found)
    return {name: {target for target in imported if target in names and target != name}
            for name, imported in found.items()}


MODULES = _modules()


def _cycles(graph):
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_back_through_others():
    """A package importing its own submodules is no circle; a submodule importing back up is."""
    graph = {name: {target for target in targets if not target.startswith(name + ".")}
             for name, targets in MODULES.items()}
    assert _cycles(graph) == []


def test_the_plugin_s_domains_do_not_import_each_other_in_a_circle():
    """Domains stack: e.g. the reports read the tutors' assignments, so the tutors' digest (cut from the report)
    lives with the reports, and live sessions announce moved slots by a signal the reminders receive."""
    def domain(name):
        parts = name.split(".")
        return parts[1] if parts[0] == "spoc_plugin" and parts[1:2] and parts[1] in DOMAINS else None

    graph = {name: set() for name in DOMAINS}
    for name, targets in MODULES.items():
        if home := domain(name):
            graph[home].update(domain(target) for target in targets if domain(target) not in (None, home))
    assert _cycles(graph) == []


def test_the_blocks_reach_the_plugin_only_through_its_door():
    reached = {target for name, targets in MODULES.items() if name.startswith("spoc_xblocks")
               for target in targets if target.startswith("spoc_plugin")}
    assert reached <= BLOCKS_MAY_IMPORT, reached - BLOCKS_MAY_IMPORT


def test_the_progress_rows_sit_under_the_domains():
    above = {target for name, targets in MODULES.items() if name.startswith("spoc_plugin.progress")
             for target in targets if target.split(".")[1:2] and target.split(".")[1] in DOMAINS}
    assert above == set()


def test_the_plugin_s_own_code_does_not_go_through_its_public_door():
    users = sorted(name for name, targets in MODULES.items() if name.startswith("spoc_plugin")
                   and not name.startswith("spoc_plugin.api") and any(t.startswith("spoc_plugin.api") for t in targets))
    assert users == []


@pytest.mark.parametrize("module", ["spoc_plugin.errors", "spoc_plugin.reports.errors", "spoc_plugin.keys",
                                    "spoc_plugin.enrollment.errors", "spoc_plugin.live_sessions.errors",
                                    "spoc_plugin.cohort_activity.errors", "spoc_plugin.checkpoints.errors",
                                    "spoc_xblocks.live_session", "spoc_xblocks.cohort_activity",
                                    "spoc_xblocks.weekly_checkpoint"])
def test_importable_before_django_is_set_up(module):
    """Error classes and block modules load without Django settings (XBlock entry points load that early)."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr

"""Double of edx-platform's ``openedx/core/djangoapps/content/block_structure`` package."""

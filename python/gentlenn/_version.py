"""The one version string; DESCRIPTION and pyproject.toml agree with it (a test checks)."""

__version__ = "0.2.0"

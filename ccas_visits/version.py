"""The application's version: the one of pyproject.toml, as installed; CHANGELOG.md says what
each version changed for a CCAS and its DPO."""

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("ccas-visits")
except PackageNotFoundError:  # run from a copy of the files that was never installed
    VERSION = "0+unknown"


def app_version(request) -> dict:
    """Template context: the version printed in every page's footer."""
    return {"app_version": VERSION}

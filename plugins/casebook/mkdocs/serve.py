"""``mkdocs serve`` keeps serving the last good site while Casebook's errors stop the rebuilds.

MkDocs 1.6 holds every page request after a failed rebuild ("The server will appear stuck until build errors are
resolved"): the browser waits, with no page at all. Casebook stops a build with errors in ``on_pre_build``, before
MkDocs cleans the site folder, so the folder still holds the last good build. The serve builder is wrapped: when a
rebuild stops before the folder was touched, the errors (already logged, located) stay in the terminal and MkDocs
serves the folder again. A rebuild that fails after MkDocs began rewriting the folder is left to MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.exceptions import Abort

from .common import log

_state = {"rewriting": False}  # module-wide: serve makes new plugin instances for each rebuild


def site_rewriting() -> None:
    """Called from ``on_files``, the first event after MkDocs has cleaned the site folder."""
    _state["rewriting"] = True


def keep_last_good_site(server: Any, builder: Callable[..., None]) -> Any:
    """Wrap the serve builder (``LiveReloadServer.builder``, what its rebuild loop calls)."""

    def build(config: Any = None) -> None:
        _state["rewriting"] = False
        try:
            builder(config)
        except Abort:
            if _state["rewriting"]:
                raise
            log.error("the site was not rebuilt: the last good build is still served; fix the errors above and save")

    server.builder = build
    return server

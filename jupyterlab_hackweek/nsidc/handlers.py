"""``GET hackweek/api/cmr/collections`` and ``GET hackweek/api/cmr/granules``.

Thin handlers: fields are validated by :mod:`.params` (400 before anything
reaches CMR) and the search is done by the :class:`~.service.NsidcSearch`
stored in ``settings["hackweek_nsidc"]``.
"""

from __future__ import annotations

from tornado import httputil, web

from ..handlers import HackweekHandler
from . import params
from .service import CmrError, NsidcSearch


class _CmrHandler(HackweekHandler):
    """Shared parts: the service, the fields, and JSON errors."""

    @property
    def search(self) -> NsidcSearch:
        return self.settings["hackweek_nsidc"]

    def fields(self, names) -> dict[str, str | None]:
        """Only the named fields of the query string; anything else is ignored."""
        return {name: self.get_argument(name, None) for name in names}

    def fail(self, status: int, message: str) -> None:
        """Reply a JSON error (messages may quote user input, so they skip Tornado's %-logging)."""
        self.log.info("CMR search answered %d: %r", status, message)
        self.set_header("Cache-Control", "no-store")
        self.finish_json({"message": message, "reason": httputil.responses.get(status, "")}, status)


class GranulesHandler(_CmrHandler):
    """One page of granules; the ``CMR-Search-After`` header goes both ways, ``CMR-Hits`` back."""

    @web.authenticated
    async def get(self) -> None:
        try:
            query = params.granule_query(self.fields(params.GRANULE_FIELDS))
            after = params.search_after(self.request.headers.get("CMR-Search-After"))
        except params.InvalidQuery as error:
            return self.fail(400, str(error))
        try:
            page = await self.search.granules(query, after)
        except CmrError as error:
            return self.fail(error.status, error.message)
        if page["hits"] is not None:
            self.set_header("CMR-Hits", str(page["hits"]))
        if page["searchAfter"]:
            self.set_header("CMR-Search-After", page["searchAfter"])
        self.set_header("Cache-Control", "no-store")
        self.finish_json(page)


class CollectionsHandler(_CmrHandler):
    """NSIDC collections (short name, version, title, provider, id) and versions per name."""

    @web.authenticated
    async def get(self) -> None:
        try:
            query = params.collection_query(self.fields(params.COLLECTION_FIELDS))
        except params.InvalidQuery as error:
            return self.fail(400, str(error))
        try:
            result = await self.search.collections(query)
        except CmrError as error:
            return self.fail(error.status, error.message)
        if result["hits"] is not None:
            self.set_header("CMR-Hits", str(result["hits"]))
        self.finish_json(result)

"""``GET hackweek/api/cmr/collections`` and ``GET hackweek/api/cmr/granules``.

Thin handlers: fields are validated by :mod:`.params` (a 400 ``InvalidQuery``
before anything reaches CMR) and the search is done by the
:class:`~.service.NsidcSearch` stored in ``settings["hackweek_nsidc"]`` (a
``CmrError`` when CMR gives no usable answer); both are ``Refused``, answered by
the base handler.
"""

from __future__ import annotations

from tornado import web

from ..handlers import HackweekHandler
from . import params
from .service import NsidcSearch


class _CmrHandler(HackweekHandler):
    """Shared parts: the service and the fields."""

    @property
    def search(self) -> NsidcSearch:
        return self.settings["hackweek_nsidc"]

    def fields(self, names) -> dict[str, str | None]:
        """Only the named fields of the query string; anything else is ignored."""
        return {name: self.get_argument(name, None) for name in names}


class GranulesHandler(_CmrHandler):
    """One page of granules; the ``CMR-Search-After`` header goes both ways, ``CMR-Hits`` back."""

    @web.authenticated
    async def get(self) -> None:
        query = params.granule_query(self.fields(params.GRANULE_FIELDS))
        after = params.search_after(self.request.headers.get("CMR-Search-After"))
        page = await self.search.granules(query, after)
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
        query = params.collection_query(self.fields(params.COLLECTION_FIELDS))
        result = await self.search.collections(query)
        if result["hits"] is not None:
            self.set_header("CMR-Hits", str(result["hits"]))
        self.finish_json(result)

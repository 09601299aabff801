"""A loopback fake of NASA Harmony's subsetting API, good enough for harmony-py.

Built from Harmony's routes and replies as ``/work/shared/notes/harmony.md``
records them (OGC API Coverages ``rangeset`` submits, ``/jobs/<id>`` with paged
links, ``POST /jobs/status``, pause/resume/cancel, ``/capabilities``,
``/service-results`` answering 307 to a presigned storage URL, Earthdata Login's
bearer token or OAuth cookie). Its outputs are real subsets: each input granule
is the real ATL06 sample (as ``fake_earthdata`` serves it), cut with h5py to the
requested box, polygon and time range along every beam's ``land_ice_segments``;
a granule with nothing inside fails with the trajectory subsetter's words. As
the fake CMR's granules lie on tracks all round the globe, each input granule is
the ATL06 sample laid along its granule's footprint (``track_of``,
``relocated``): latitudes and longitudes moved from the sample's track onto the
footprint's centre line, spread evenly along it (each beam keeps its offset),
times moved to the granule's start; every other value is the sample's.

Jobs advance one granule per status request (``GET /jobs/<id>`` or
``POST /jobs/status``; ``granules_per_request``), so tests are deterministic.
Faults for the next job (``fake.next_fault``): ``fail`` (every granule fails), ``warn`` (the first
granule fails, the job ends ``complete_with_errors``), ``cut`` (each output's
first transfer stops half-way), ``429`` (the first status request answers 429
with ``Retry-After: 1``), ``pause`` (the job pauses itself after its first
granule, as a previewing job does).

Run ``python -m jupyterlab_hackweek.tests.fake_harmony`` for a fake Earthdata
Login, data host and Harmony on loopback (prints their addresses as JSON).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import io
import json
import re
import secrets
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

import h5py
import numpy as np
from tornado import web
from tornado.iostream import StreamClosedError

from .fake_cmr import Catalogue
from .fake_cmr_areas import inside_rings
from .fake_earthdata import SAMPLE, FakeEarthdata, Loopback, serve_until_stopped

#: Products Harmony's trajectory subsetter serves (NSIDC: levels 2 to 3A).
SUBSETTABLE = {"ATL03", "ATL06", "ATL07", "ATL08", "ATL10", "ATL12", "ATL13"}
CLOUD_PROVIDER = "NSIDC_CPRD"
SERVICE = "sds/trajectory-subsetter"
EPOCH = dt.datetime(2018, 1, 1, tzinfo=dt.UTC)  # ATLAS SDP epoch of delta_time
BEAMS = ("gt1l", "gt1r", "gt2l", "gt2r", "gt3l", "gt3r")
TERMINAL = {"successful", "complete_with_errors", "failed", "canceled"}
BUCKET = "harmony-fake-staging"
BLOCK = 256 * 1024
LIMIT_MAX = 2000
#: Inputs and cuts made by any fake of this process (the catalogue is the same for all):
#: h5py takes about a second per file, and the tests order the same granules many times.
INPUTS: dict[str, bytes] = {}
CUTS: dict[tuple, tuple | None] = {}


class Unbounded(float):
    """``*`` in a subset: no bound on that side."""


@dataclass
class Job:
    id: str
    username: str
    collection: str
    request: str
    granules: list[tuple[str, str]]  # (concept id, file name)
    bbox: tuple[float, float, float, float] | None
    polygon: list[list[tuple[float, float]]] | None
    start: dt.datetime | None
    stop: dt.datetime | None
    labels: list[str]
    fault: str = ""
    seen: bool = False
    status: str = "running"
    message: str = "The job is being processed"
    done: int = 0
    created: str = ""
    updated: str = ""
    outputs: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    @property
    def progress(self) -> int:
        if self.status in ("successful", "complete_with_errors"):
            return 100
        return min(99, int(100 * self.done / max(1, len(self.granules))))


class FakeHarmony(Loopback):
    """The Harmony fake; ``earthdata`` gives it its login (token, OAuth codes)."""

    def __init__(self, earthdata: FakeEarthdata, catalogue: Catalogue | None = None):
        super().__init__()
        self.earthdata = earthdata
        self.catalogue = catalogue or Catalogue()
        self.jobs: dict[str, Job] = {}
        self.sessions: set[str] = set()
        self.next_fault = ""
        #: Granules cut per status request after the first (tests of clients that poll
        #: slowly raise it).
        self.granules_per_request = 1
        self.port = 0
        self.requests: list[dict] = []
        self.bytes_served: collections.Counter[str] = collections.Counter()
        self._cut_done: set[str] = set()
        self._throttled: set[str] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def storage_url(self) -> str:
        """Where presigned output links lead: another host name, no credentials there."""
        return f"http://localhost:{self.port}"

    @property
    def hosts(self) -> list[str]:
        return [f"127.0.0.1:{self.port}"]

    async def start(self, port: int = 0) -> FakeHarmony:
        kwargs = {"fake": self}
        coverage = r"/(C[^/]+)/ogc-api-coverages/1\.0\.0/collections/([^/]+)/coverage/rangeset"
        app = web.Application(
            [
                (coverage, RangesetHandler, kwargs),
                (r"/jobs", JobsHandler, kwargs),
                (r"/jobs/status", StatusHandler, kwargs),
                (r"/jobs/([^/]+)", JobHandler, kwargs),
                (r"/jobs/([^/]+)/(pause|resume|cancel|skip-preview)", ActionHandler, kwargs),
                (r"/capabilities", CapabilitiesHandler, kwargs),
                (r"/service-results/([^/]+)/public/([^/]+)/(\d+)/([^/]+)", ResultHandler, kwargs),
                (r"/storage/([^/]+)/(\d+)/([^/]+)", StorageHandler, kwargs),
                (r"/oauth2/redirect", OAuthRedirectHandler, kwargs),
            ]
        )
        self.port = self._listen(app, port)
        return self

    # ---- jobs

    def cut(self, job: Job, concept_id: str):
        """``cut_subset`` of the granule's input, once per granule, area and times."""
        polygon = tuple(map(tuple, job.polygon)) if job.polygon else None
        key = (concept_id, job.bbox, polygon, job.start, job.stop)
        if key not in CUTS:
            CUTS[key] = cut_subset(self.relocated(concept_id), job.bbox, job.polygon, job)
        return CUTS[key]

    def relocated(self, concept_id: str) -> io.BytesIO:
        """The granule's input: the sample laid along the granule's footprint (cached)."""
        if concept_id not in INPUTS:
            entry = next(g for g in self.catalogue.granules if g["id"] == concept_id)
            INPUTS[concept_id] = relocate(SAMPLE, *track_of(entry)).getvalue()
        return io.BytesIO(INPUTS[concept_id])

    def advance(self, job: Job) -> None:
        """One status request's worth of work: the next granule is cut. The first request
        (the page a submit's 303 leads to) sees the new job as Harmony shows it: running,
        nothing done yet."""
        if not job.seen:
            job.seen = True
            return
        for _ in range(self.granules_per_request):
            self._cut_next(job)

    def _cut_next(self, job: Job) -> None:
        if job.status not in ("running", "running_with_errors"):
            return
        if job.done < len(job.granules):
            concept_id, name = job.granules[job.done]
            job.done += 1
            failing = job.fault == "fail" or (job.fault == "warn" and job.done == 1)
            output = None if failing else self.cut(job, concept_id)
            if output is None:
                job.errors.append(
                    {
                        "url": f"{self.url}/cmr/{concept_id}",
                        "message": f"WorkItem failed: {SERVICE}: No data found within the "
                        f"requested spatial and temporal subset for {name}",
                    }
                )
                job.status = "running_with_errors"
            else:
                data, bbox, temporal = output
                stem = name.rsplit(".", 1)[0]
                job.outputs.append(
                    {
                        "work_item": job.done,
                        "name": f"{stem}_subsetted.h5",
                        "data": data,
                        "bbox": bbox,
                        "temporal": temporal,
                    }
                )
            if job.fault == "pause" and job.done == 1:
                job.status, job.message = "paused", "The job is paused and may be resumed."
        if job.done >= len(job.granules) and job.status in ("running", "running_with_errors"):
            if not job.outputs:
                job.status, job.message = "failed", "The job failed with 1 error. See the errors."
            elif job.errors:
                job.status = "complete_with_errors"
                job.message = (
                    "The job has completed with errors. See the errors field for more details"
                )
            else:
                job.status = "successful"
                job.message = "The job has completed successfully"
        job.updated = _now()

    def job_json(self, job: Job, root: str, page: int = 1, limit: int = LIMIT_MAX) -> dict:
        data = [
            {
                "href": f"{root}/service-results/{BUCKET}/public/{job.id}/{o['work_item']}/"
                f"{o['name']}",
                "title": o["name"],
                "type": "application/x-hdf5",
                "rel": "data",
                "bbox": o["bbox"],
                "temporal": o["temporal"],
            }
            for o in job.outputs
        ]
        pages = max(1, -(-len(data) // limit))
        links = data[(page - 1) * limit : page * limit] if page <= pages else []
        base = f"{root}/jobs/{job.id}"

        def paging(rel: str, number: int, title: str) -> dict:
            query = urlencode({"linktype": "https", "page": number, "limit": limit})
            return {
                "title": f"{title} ({number} of {pages})",
                "href": f"{base}?{query}",
                "rel": rel,
                "type": "application/json",
            }

        if job.status in ("successful", "complete_with_errors"):
            links.append(
                {
                    "title": "STAC catalog",
                    "href": f"{root}/stac/{job.id}/",
                    "rel": "stac-catalog-json",
                    "type": "application/json",
                }
            )
        for rel, allowed in (
            ("canceler", job.status not in TERMINAL),
            ("pauser", job.status in ("running", "running_with_errors")),
            ("resumer", job.status == "paused"),
        ):
            if allowed:
                action = {"canceler": "cancel", "pauser": "pause", "resumer": "resume"}[rel]
                links.append({"title": f"{action} the job", "href": f"{base}/{action}", "rel": rel})
        links.append(paging("self", page, "The current page"))
        if page < pages:
            links.append(paging("next", page + 1, "The next page"))
        reply = {
            "username": job.username,
            "status": job.status,
            "message": job.message,
            "progress": job.progress,
            "createdAt": job.created,
            "updatedAt": job.updated,
            "dataExpiration": job.created,
            "links": links,
            "labels": job.labels,
            "request": job.request,
            "numInputGranules": len(job.granules),
            "jobID": job.id,
        }
        if job.errors:
            key = "errors" if job.status == "failed" else "warnings"
            reply[key] = list(job.errors)
        return reply


def track_of(entry: dict) -> tuple[np.ndarray, dt.datetime]:
    """A CMR granule's track: the centre line of its footprint, ``(n, 2)`` lon/lat points
    (longitudes unwrapped) from its start, and its start time. A footprint is a strip,
    one side walked out and the other back: its ring's points paired from both ends."""
    values = np.array(entry["polygons"][0][0].split(), float)
    lons, lats = values[1::2][:-1], values[::2][:-1]  # open: no repeated point
    lons = lons[0] + np.concatenate([[0.0], np.cumsum((np.diff(lons) + 180) % 360 - 180)])
    half = len(lons) // 2
    line = np.stack([lons[:half] + lons[::-1][:half], lats[:half] + lats[::-1][:half]], 1) / 2
    start = dt.datetime.fromisoformat(entry["time_start"].replace("Z", "+00:00"))
    return line, start


def relocate(source: str, line: np.ndarray, start: dt.datetime) -> io.BytesIO:
    """``source`` (an ATL06 file) with every beam's segments moved onto the track ``line``
    (spread evenly along it, the sample's southernmost segment at its start) and its times to
    ``start``: a file where ``cut_subset`` finds data inside the granule's footprint and time."""
    buffer = io.BytesIO()
    with h5py.File(source, "r") as src, h5py.File(buffer, "w") as out:
        for name in src:
            src.copy(src[name], out, name=name)
        beams = [out[b]["land_ice_segments"] for b in BEAMS if b in out]
        lats = np.concatenate([b["latitude"][:] for b in beams])
        lons = np.concatenate([b["longitude"][:] for b in beams])
        times = np.concatenate([b["delta_time"][:] for b in beams])
        low, high, centre = lats.min(), lats.max(), lons.mean()
        shift = (start - EPOCH).total_seconds() - times.min()
        length = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(line, axis=0).T))])
        for segments in beams:
            lat, lon = segments["latitude"][:], segments["longitude"][:]
            along = (lat - low) / (high - low) * length[-1]
            offset = lon.mean() - centre  # the beam's place across the track
            segments["latitude"][:] = np.interp(along, length, line[:, 1])
            moved = np.interp(along, length, line[:, 0]) + offset
            segments["longitude"][:] = (moved + 180) % 360 - 180
            segments["delta_time"][:] = segments["delta_time"][:] + shift
    return buffer


def cut_subset(source, bbox, polygon, job: Job):
    """``source`` (a path or a file object) cut to the job's area and times:
    ``(bytes, bbox, temporal)`` or None when nothing of it is inside. Every dataset along
    a beam's segments keeps only the segments inside; the rest is copied as it is."""
    buffer = io.BytesIO()
    kept_lat, kept_lon, kept_time = [], [], []
    with h5py.File(source, "r") as src, h5py.File(buffer, "w") as out:
        for key, value in src.attrs.items():
            out.attrs[key] = value
        for name in src:
            if name not in BEAMS:
                src.copy(src[name], out, name=name)
                continue
            segments = src[name]["land_ice_segments"]
            lat, lon = segments["latitude"][:], segments["longitude"][:]
            seconds = segments["delta_time"][:]
            keep = np.ones(lat.shape, bool)
            if bbox is not None:
                west, south, east, north = bbox
                inside_lon = (
                    (lon >= west) & (lon <= east)
                    if west <= east
                    else ((lon >= west) | (lon <= east))
                )
                keep &= (lat >= south) & (lat <= north) & inside_lon
            if polygon is not None:
                keep &= inside_rings(lon, lat, polygon)
            if job.start is not None:
                keep &= seconds >= (job.start - EPOCH).total_seconds()
            if job.stop is not None:
                keep &= seconds <= (job.stop - EPOCH).total_seconds()
            beam = out.create_group(name)
            for key, value in src[name].attrs.items():
                beam.attrs[key] = value
            _copy_rows(src[name], beam, keep, lat.shape[0])
            kept_lat.append(lat[keep])
            kept_lon.append(lon[keep])
            kept_time.append(seconds[keep])
    lat, lon, seconds = (np.concatenate(parts) for parts in (kept_lat, kept_lon, kept_time))
    if not lat.size:
        return None
    box = [float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())]
    temporal = {"start": _iso(seconds.min()), "end": _iso(seconds.max())}
    return buffer.getvalue(), box, temporal


def _copy_rows(src: h5py.Group, out: h5py.Group, keep: np.ndarray, rows: int) -> None:
    """Copy ``src`` into ``out``; datasets with ``rows`` rows keep the ``keep`` rows."""
    for name, item in src.items():
        if isinstance(item, h5py.Group):
            group = out.create_group(name)
            for key, value in item.attrs.items():
                group.attrs[key] = value
            _copy_rows(item, group, keep, rows)
        elif item.shape and item.shape[0] == rows:
            data = out.create_dataset(name, data=item[:][keep])
            for key, value in item.attrs.items():
                if key not in ("DIMENSION_LIST", "REFERENCE_LIST", "CLASS", "NAME"):
                    data.attrs[key] = value
        else:
            src.copy(item, out, name=name)


def _iso(seconds: float) -> str:
    moment = EPOCH + dt.timedelta(seconds=float(seconds))
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _time(text: str) -> dt.datetime | None:
    text = text.strip().strip('"')
    if text == "*":
        return None
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


class HarmonyError(web.HTTPError):
    def __init__(self, status: int, code: str, description: str):
        super().__init__(status)
        self.code, self.description = code, description


class Handler(web.RequestHandler):
    def initialize(self, fake: FakeHarmony) -> None:
        self.fake = fake

    @property
    def root(self) -> str:
        return f"{self.request.protocol}://{self.request.host}"

    def prepare(self) -> None:
        self.fake.requests.append(
            {
                "method": self.request.method,
                "path": self.request.path,
                "authorization": self.request.headers.get("Authorization"),
            }
        )

    def write_error(self, status_code: int, **kwargs) -> None:
        error = kwargs.get("exc_info", (None, None))[1]
        if isinstance(error, HarmonyError):
            body = {"code": f"harmony.{error.code}", "description": f"Error: {error.description}"}
        else:
            body = {"code": "harmony.ServerError", "description": f"Error: {self._reason}"}
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(body))

    def username(self) -> str | None:
        """The Earthdata user of the request, else None after answering the login redirect."""
        earthdata = self.fake.earthdata
        header = self.request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            if header == f"Bearer {earthdata.token}":
                return earthdata.username
            self.set_status(401)
            self.finish({"code": "harmony.ForbiddenError", "description": "Error: invalid token"})
            return None
        if self.get_cookie("token") in self.fake.sessions:
            return earthdata.username
        query = urlencode(
            {
                "client_id": "harmony",
                "response_type": "code",
                "state": self.request.uri,
                "redirect_uri": f"{self.root}/oauth2/redirect",
            }
        )
        self.redirect(f"{earthdata.login_url}/oauth/authorize?{query}", status=303)
        return None

    def job(self, job_id: str) -> Job:
        try:
            uuid.UUID(job_id)
        except ValueError:
            raise HarmonyError(400, "RequestValidationError", "jobId is not a UUID") from None
        job = self.fake.jobs.get(job_id)
        if job is None:
            raise HarmonyError(404, "NotFoundError", f"Unable to find job {job_id}")
        return job

    def throttled(self, job: Job) -> bool:
        if job.fault == "429" and job.id not in self.fake._throttled:
            self.fake._throttled.add(job.id)
            self.set_status(429)
            self.set_header("Retry-After", "1")
            self.finish({"code": "harmony.TooManyRequests", "description": "Error: slow down"})
            return True
        return False


class RangesetHandler(Handler):
    async def get(self, collection: str, variables: str) -> None:
        await self.submit(collection, variables)

    async def post(self, collection: str, variables: str) -> None:
        await self.submit(collection, variables)

    async def submit(self, collection_id: str, variables: str) -> None:
        username = self.username()
        if username is None:
            return
        query = {
            k.lower(): [v.decode() for v in vs] for k, vs in self.request.query_arguments.items()
        }
        body = {
            k.lower(): [v.decode() for v in vs] for k, vs in self.request.body_arguments.items()
        }
        if set(query) & set(body):
            raise HarmonyError(400, "RequestValidationError", "Duplicate keys in query and body")
        params = {**query, **body}
        collection = self.fake.catalogue.by_id.get(collection_id)
        if collection is None:
            raise HarmonyError(404, "NotFoundError", f"{collection_id} is not a collection")
        if not _subsettable(collection):
            raise HarmonyError(
                422,
                "UnsupportedOperation",
                f"no operations can be performed on {collection_id}",
            )
        if variables != "parameter_vars" or params.get("variable", ["all"]) != ["all"]:
            names = ", ".join(params.get("variable", [variables]))
            raise HarmonyError(
                400,
                "RequestValidationError",
                f"Coverages were not found for the provided variables: {names}",
            )
        bbox, start, stop = _subsets(params.get("subset", []))
        polygon = None
        for upload in self.request.files.get("shapefile", []):
            if upload["content_type"] != "application/geo+json":
                raise HarmonyError(400, "RequestValidationError", "Unrecognized shapefile type")
            polygon = _geojson_rings(upload["body"])
        ids = [g for part in params.get("granuleid", []) for g in part.split(",") if g]
        names = [_name_pattern(p) for p in params.get("granulename", [])]
        granules = []
        for granule in self.fake.catalogue.granules:
            if not _same_product(
                self.fake.catalogue.by_id.get(granule["collection_concept_id"]), collection
            ):
                continue
            name = granule["producer_granule_id"]
            if ids and granule["id"] not in ids:
                continue
            if names and not any(p.fullmatch(name) for p in names):
                continue
            if not (ids or names) and len(granules) >= 3:
                break
            if name not in (n for _, n in granules):
                granules.append((granule["id"], name))
        if not granules:
            raise HarmonyError(400, "RequestValidationError", "No matching granules found.")
        job = Job(
            id=str(uuid.uuid4()),
            username=username,
            collection=collection_id,
            request=f"{self.root}{self.request.path}?{urlencode(params, doseq=True)}",
            granules=granules,
            bbox=bbox,
            polygon=polygon,
            start=start,
            stop=stop,
            labels=params.get("label", []),
            fault=self.fake.next_fault,
            created=_now(),
        )
        job.updated = job.created
        self.fake.jobs[job.id] = job
        self.redirect(f"/jobs/{job.id}", status=303)


def _lower(arguments: dict[str, list[bytes]]) -> dict[str, list[str]]:
    return {k.lower(): [v.decode() for v in values] for k, values in arguments.items()}


def _same_product(one: dict | None, other: dict) -> bool:
    """Every ICESat-2 granule is in the cloud collection of its product and version (NSIDC
    moved them all); the fake CMR lists cloud copies of ATL06 v005 only, so granules are
    looked up by product and version."""
    return bool(one) and (one["short_name"], one["version_id"]) == (
        other["short_name"],
        other["version_id"],
    )


def _name_pattern(text: str) -> re.Pattern:
    return re.compile(".*".join(".".join(map(re.escape, p.split("?"))) for p in text.split("*")))


def _subsettable(collection: dict) -> bool:
    return collection.get("data_center") == CLOUD_PROVIDER and (
        collection.get("short_name") in SUBSETTABLE
    )


def _subsets(values: list[str]):
    bbox = [-180.0, -90.0, 180.0, 90.0]
    spatial = False
    start = stop = None
    for value in values:
        value = value.strip()
        match = re.fullmatch(r'time\(("[^"]*"|\*)(?::("[^"]*"|\*))?\)', value)
        if match:
            start = _time(match.group(1))
            stop = _time(match.group(2)) if match.group(2) else start
            continue
        match = re.fullmatch(r"(lat|lon)\(([^:]*):([^:]*)\)", value)
        if not match:
            raise HarmonyError(400, "RequestValidationError", f"Unrecognized subset {value}")
        axis, low, high = match.groups()
        spatial = True
        low_value = None if low == "*" else float(low)
        high_value = None if high == "*" else float(high)
        if axis == "lat":
            bbox[1], bbox[3] = (
                low_value if low_value is not None else -90.0,
                (high_value if high_value is not None else 90.0),
            )
        else:
            bbox[0], bbox[2] = (
                low_value if low_value is not None else -180.0,
                (high_value if high_value is not None else 180.0),
            )
    return (tuple(bbox) if spatial else None), start, stop


def _geojson_rings(data: bytes) -> list[list[tuple[float, float]]]:
    try:
        shape = json.loads(data)
        features = shape["features"] if shape.get("type") == "FeatureCollection" else [shape]
        rings = []
        for feature in features:
            geometry = feature.get("geometry", feature)
            polygons = (
                geometry["coordinates"]
                if geometry["type"] == "MultiPolygon"
                else [geometry["coordinates"]]
            )
            rings += [[(float(x), float(y)) for x, y in polygon[0]] for polygon in polygons]
        return rings
    except (ValueError, KeyError, TypeError):
        raise HarmonyError(400, "RequestValidationError", "The shapefile is not GeoJSON") from None


class JobsHandler(Handler):
    def get(self) -> None:
        username = self.username()
        if username is None:
            return
        jobs = [self.fake.job_json(j, self.root) for j in self.fake.jobs.values()]
        self.set_header("Harmony-Hits", str(len(jobs)))
        self.finish({"count": len(jobs), "jobs": jobs[:10], "links": []})


class StatusHandler(Handler):
    def post(self) -> None:
        if self.username() is None:
            return
        ids = json.loads(self.request.body or b"{}").get("jobIDs", [])
        found, missing = [], []
        for job_id in ids:
            job = self.fake.jobs.get(job_id)
            if job is None:
                missing.append(job_id)
                continue
            self.fake.advance(job)
            found.append({"jobID": job.id, "status": job.status, "progress": job.progress})
        self.finish({"jobStatuses": found, "notFoundJobIDs": missing})


class JobHandler(Handler):
    def get(self, job_id: str) -> None:
        if self.username() is None:
            return
        job = self.job(job_id)
        if self.throttled(job):
            return
        self.fake.advance(job)
        page = int(self.get_query_argument("page", "1"))
        limit = int(self.get_query_argument("limit", str(LIMIT_MAX)))
        if page < 1 or not 1 <= limit <= LIMIT_MAX:
            raise HarmonyError(400, "RequestValidationError", "page/limit out of range")
        self.finish(self.fake.job_json(job, self.root, page, limit))


class ActionHandler(Handler):
    def get(self, job_id: str, action: str) -> None:
        self.act(job_id, action)

    def post(self, job_id: str, action: str) -> None:
        self.act(job_id, action)

    def act(self, job_id: str, action: str) -> None:
        if self.username() is None:
            return
        job = self.job(job_id)
        legal = {
            "pause": job.status in ("running", "running_with_errors", "previewing"),
            "resume": job.status == "paused",
            "skip-preview": job.status in ("previewing", "paused"),
            "cancel": job.status not in TERMINAL,
        }[action]
        target = {"pause": "paused", "resume": "running", "skip-preview": "running"}.get(
            action, "canceled"
        )
        if not legal:
            words = f"Job status cannot be updated from {job.status} to {target}."
            if action == "resume":
                words = f"Job status is {job.status} - only paused jobs can be resumed."
            raise HarmonyError(409, "ConflictError", words)
        job.status = "running_with_errors" if target == "running" and job.errors else target
        job.message = {
            "paused": "The job is paused and may be resumed.",
            "canceled": "Canceled by user.",
        }.get(target, "The job is being processed")
        job.updated = _now()
        self.redirect(f"/jobs/{job.id}", status=302)


class CapabilitiesHandler(Handler):
    def get(self) -> None:
        if self.username() is None:
            return
        args = {k.lower(): v[-1].decode() for k, v in self.request.query_arguments.items()}
        if ("collectionid" in args) == ("shortname" in args):
            raise HarmonyError(
                400, "RequestValidationError", "Must specify either collectionId or shortName"
            )
        catalogue = self.fake.catalogue
        if "collectionid" in args:
            collection = catalogue.by_id.get(args["collectionid"])
        else:
            matches = [c for c in catalogue.collections if c["short_name"] == args["shortname"]]
            collection = next((c for c in matches if _subsettable(c)), None)
        if collection is None:
            raise HarmonyError(404, "NotFoundError", "Unable to find collection")
        able = _subsettable(collection)
        services = (
            [
                {
                    "name": SERVICE,
                    "href": "https://cmr.earthdata.nasa.gov/search/concepts/S2836723123-XYZ_PROV",
                    "capabilities": {
                        "subsetting": {"temporal": True, "bbox": True, "shape": True},
                        "output_formats": ["application/x-hdf"],
                    },
                }
            ]
            if able
            else []
        )
        self.finish(
            {
                "conceptId": collection["id"],
                "shortName": collection["short_name"],
                "variableSubset": False,
                "bboxSubset": able,
                "shapeSubset": able,
                "temporalSubset": able,
                "concatenate": False,
                "reproject": False,
                "outputFormats": ["application/x-hdf"] if able else [],
                "services": services,
                "variables": [],
                "capabilitiesVersion": "2",
            }
        )


class ResultHandler(Handler):
    def get(self, bucket: str, job_id: str, work_item: str, name: str) -> None:
        if self.username() is None:
            return
        job = self.job(job_id)
        if not any(o["work_item"] == int(work_item) and o["name"] == name for o in job.outputs):
            raise web.HTTPError(404)
        signature = secrets.token_hex(8)
        self.set_header("Cache-Control", "private, max-age=600")
        self.redirect(
            f"{self.fake.storage_url}/storage/{job_id}/{work_item}/{name}"
            f"?X-Amz-Signature={signature}",
            status=307,
        )


class StorageHandler(Handler):
    """The presigned storage URL: no credentials wanted, Range served, ``cut`` fault."""

    async def get(self, job_id: str, work_item: str, name: str) -> None:
        job = self.job(job_id)
        output = next(
            (o for o in job.outputs if o["work_item"] == int(work_item) and o["name"] == name),
            None,
        )
        if output is None or not self.get_query_argument("X-Amz-Signature", ""):
            raise web.HTTPError(403)
        data = output["data"]
        start = 0
        wanted = self.request.headers.get("Range", "")
        if wanted.startswith("bytes=") and wanted.endswith("-"):
            start = int(wanted[6:-1])
            self.set_status(206)
            self.set_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.set_header("Content-Type", "application/x-hdf5")
        self.set_header("Content-Length", str(len(data) - start))
        self.set_header("ETag", f'"{job_id}-{work_item}"')
        stop = len(data)
        key = f"{job_id}/{work_item}"
        if job.fault == "cut" and key not in self.fake._cut_done:
            self.fake._cut_done.add(key)
            stop = start + (len(data) - start) // 2
        for offset in range(start, stop, BLOCK):
            block = data[offset : min(stop, offset + BLOCK)]
            self.write(block)
            try:
                await self.flush()
            except StreamClosedError:
                return
            self.fake.bytes_served[name] += len(block)
        if stop < len(data):
            self.request.connection.close()
            self._finished = True
            return
        self.finish()


class OAuthRedirectHandler(Handler):
    def get(self) -> None:
        code = self.get_query_argument("code", "")
        if code not in self.fake.earthdata.codes:
            raise HarmonyError(401, "ForbiddenError", "Earthdata Login refused the code")
        self.fake.earthdata.codes.discard(code)
        session = secrets.token_hex(8)
        self.fake.sessions.add(session)
        self.set_cookie("token", session, httponly=True)
        self.redirect(self.get_query_argument("state"), status=307)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="Harmony port")
    args = parser.parse_args()

    async def start() -> dict:
        earthdata = await FakeEarthdata().start()
        harmony = await FakeHarmony(earthdata).start(args.port)
        return {
            "harmony": harmony.url,
            "login": earthdata.login_url,
            "username": earthdata.username,
            "token": earthdata.token,
        }

    serve_until_stopped(start)


if __name__ == "__main__":
    main()

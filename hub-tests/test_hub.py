"""The suite's routes through a real JupyterHub: features, and every route attacked.

Users log in through the hub's login form (cookies + OAuth, as a browser does)
or use hub API tokens; requests go through configurable-http-proxy to their
single-user JupyterLab servers under ``/user/NAME/``.
"""

from __future__ import annotations

from conftest import Client, suite_routes


def test_every_route_is_enumerated():
    # Given the suite's features, When their routes are listed, Then the known ones are there
    routes = suite_routes()
    for expected in [("GET", "version"), ("GET", "metrics"), ("POST", "shared/copy")]:
        assert expected in routes
    assert len(routes) >= 15


def test_login_form_then_every_feature(site, clients):
    # Given user-01 logged in through the hub's form, When each feature is used
    user = clients["user-01"]
    version = user.get("version")
    assert version.status_code == 200 and "version" in version.json()
    metrics = user.get("metrics")
    assert metrics.status_code == 200 and isinstance(metrics.json(), dict)
    roots = user.get("shared/roots").json()
    # Then the user sees only the read-only shared root and may not publish
    assert [(r["name"], r["writable"]) for r in roots["roots"]] == [("shared", False)]
    assert roots["can_publish"] is False
    page = user.get("shared/list", root="shared", path="many", offset=200, limit=100).json()
    assert page["total"] == 1000 and len(page["entries"]) == 100
    assert page["entries"][0]["name"] == "granule_000200.h5"
    preview = user.get(
        "shared/preview", root="shared", path="ATL06_20181013235645_02340114_209_01.h5"
    )
    assert preview.status_code == 200, preview.text
    granules = user.get("cmr/granules", short_name="ATL06", version="006", page_size=10)
    assert granules.status_code == 200, granules.text
    assert len(granules.json()["granules"]) == 10 and int(granules.headers["CMR-Hits"]) > 10
    state = user.get("git/state", path="analysis.ipynb")
    assert state.status_code == 200 and state.json()["path"] == "analysis.ipynb"
    assert user.get("downloads").status_code == 200


def test_token_client_reaches_the_same_routes(clients):
    # Given user-02's API token (no cookie), When routes are called, Then they answer
    user = clients["user-02", "token"]
    assert user.get("version").status_code == 200
    assert user.get("shared/list", root="shared", path="").json()["total"] > 0


def test_organizer_publishes_and_another_user_sees_it(clients):
    # Given organizer-1 (writable shared-readwrite) and a file of theirs
    organizer = clients["organizer-1"]
    roots = organizer.get("shared/roots").json()
    assert roots["can_publish"] is True
    # When they publish it (cookie + XSRF, as the front end does)
    reply = organizer.post(
        "shared/publish",
        {"root": "shared-readwrite", "path": "", "source": "notes.md", "name": "published.md"},
    )
    assert reply.status_code == 200, reply.text
    # Then user-01 finds it in the read-only shared root
    names = [
        e["name"] for e in clients["user-01"].get("shared/list", root="shared").json()["entries"]
    ]
    assert "published.md" in names
    # And a second publication under the same name is refused, nothing overwritten
    again = organizer.post(
        "shared/publish",
        {"root": "shared-readwrite", "path": "", "source": "notes.md", "name": "published.md"},
    )
    assert again.status_code == 409 and again.json()["suggested"] == "published-2.md"


def test_users_cannot_publish(clients):
    # Given user-01 with only the read-only root, When they try to publish
    user = clients["user-01"]
    body = {"root": "shared", "path": "", "source": "analysis.ipynb", "name": "mine.ipynb"}
    read_only = user.post("shared/publish", body)
    unknown = user.post("shared/publish", {**body, "root": "shared-readwrite"})
    # Then both are refused with a message, and the file never appears
    assert read_only.status_code == 403 and "message" in read_only.json()
    assert 400 <= unknown.status_code < 500
    names = [e["name"] for e in user.get("shared/list", root="shared").json()["entries"]]
    assert "mine.ipynb" not in names


def refused(response) -> bool:
    """Not served: 401/403, or a redirect to the hub's login."""
    if response.status_code in (401, 403):
        return True
    location = response.headers.get("Location", "")
    return response.status_code in (301, 302, 303, 307) and "/hub/" in location


def attack(client: Client, headers: dict | None = None, name: str = "user-01") -> list[str]:
    """Every route of ``name``'s server with ``client``; the replies that were not refused."""
    failures = []
    for verb, route in suite_routes():
        body = b"{}" if verb in ("POST", "PUT", "PATCH") else None
        url = f"{client.site.url}/user/{name}/hackweek/api/{route}"
        reply = client.session.request(
            verb,
            url,
            data=body,
            headers={**client.headers, **(headers or {})},
            allow_redirects=False,
            timeout=30,
        )
        if not refused(reply):
            failures.append(f"{verb} {route} -> {reply.status_code}")
    return failures


def test_every_route_refuses_no_credentials(site):
    # Given no cookie and no token, When every verb of every route is called, Then all refused
    assert attack(Client(site, "user-01")) == []


def test_every_route_refuses_another_users_token(site, tokens):
    # Given user-02's valid token, When user-01's routes are called, Then all refused
    assert attack(Client(site, "user-02", token=tokens["user-02"])) == []


def test_every_route_refuses_another_users_cookie(site, sessions):
    # Given user-02's server cookie, sent under its own and under user-01's cookie name
    theirs = sessions["user-02"].cookies
    value = theirs.get("jupyterhub-user-user-02", path="/user/user-02/")
    xsrf = theirs.get("_xsrf", path="/user/user-02/")
    cookie = (
        f"jupyterhub-user-user-02={value}; jupyterhub-user-user-01={value}; _xsrf={xsrf}; "
        f"jupyterhub-session-id={theirs.get('jupyterhub-session-id')}"
    )
    # When every route of user-01's server is called, Then all refused
    assert attack(Client(site, "user-02"), {"Cookie": cookie, "X-XSRFToken": xsrf}) == []


def test_another_users_hub_session_gets_no_access_to_the_server(site, sessions):
    # Given user-02's hub login, When they follow the OAuth dance to user-01's server
    reply = sessions["user-02"].get(f"{site.url}/user/user-01/lab", timeout=30)
    # Then the hub refuses and no cookie for user-01's server is set
    assert reply.status_code == 403
    assert sessions["user-02"].cookies.get("jupyterhub-user-user-01") is None


def test_cookie_posts_without_xsrf_are_refused(site, sessions, clients):
    # Given user-01's own cookies but no X-XSRFToken header
    no_xsrf = Client(site, "user-01", session=sessions["user-01"])
    no_xsrf.headers.pop("X-XSRFToken")
    failures = []
    for verb, route in suite_routes():
        if verb == "GET":
            continue
        reply = no_xsrf.call(verb, route, data=b"{}")
        # Then every state-changing verb is refused with 403
        if reply.status_code != 403:
            failures.append(f"{verb} {route} -> {reply.status_code}")
    assert failures == []
    # And with the header the same cookie gets through to the route's own validation
    with_xsrf = clients["user-01"].post("downloads/login", {})
    assert with_xsrf.status_code == 400

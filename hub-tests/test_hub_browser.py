"""The suite in a browser through the real hub: log in with the hub's form, use each
feature under ``/user/NAME/``, publish as an organizer and see it as a user, and keep
working while the hub restarts.

Chromium is Debian's (``CHROMIUM_PATH``, default ``/usr/bin/chromium``), driven by
Playwright for Python (the ``hub`` extra).
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
REAL_GRANULE = "ATL06_20190221121851_08410203_005_01.h5"  # in the fake CMR's recorded data
TIMEOUT = 30_000
expect.set_options(timeout=TIMEOUT)


def row(name: str) -> str:
    return f'.jp-hackweek-SharedBrowser-row[data-name="{name}"]'


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def open_lab(site, browser):
    """``open_lab(name)``: a page logged in through the hub's form, on the user's lab."""
    contexts = []

    def open_(name: str) -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.goto(f"{site.url}/hub/login")
        page.fill("#username_input", name)
        page.fill("#password_input", site.password)
        page.click("#login_submit")
        page.wait_for_url(lambda url: "/hub/login" not in url)
        page.goto(f"{site.url}/user/{name}/lab")
        # The suite's side panels are docked
        expect(page.locator('li.lm-TabBar-tab[data-id="jp-hackweek-shared"]')).to_be_visible()
        return page

    yield open_
    for context in contexts:
        context.close()


def run_command(page: Page, label: str) -> None:
    """Run a command from the command palette (Ctrl+Shift+C), as a user does."""
    palette = page.locator(".lm-CommandPalette input")
    for _ in range(3):
        page.locator("#jp-main-statusbar").click()  # the page has the keyboard
        page.keyboard.press("Control+Shift+C")
        try:
            expect(palette).to_be_focused(timeout=3000)
            break
        except AssertionError:
            continue
    else:
        raise AssertionError("The command palette did not open with Ctrl+Shift+C.")
    palette.fill(label)
    page.locator(".lm-CommandPalette-item", has_text=label).first.click()


def open_tab(page: Page, panel_id: str) -> None:
    tab = page.locator(f'li.lm-TabBar-tab[data-id="{panel_id}"]')
    if tab.get_attribute("aria-selected") != "true":
        tab.click()


def search_greenland(page: Page) -> None:
    """Search ATL06 v005 over Greenland's west coast on 2019-02-21 (the real granule)."""
    open_tab(page, "jp-hackweek-nsidc")
    panel = page.locator(".jp-hackweek-NsidcPanel")
    panel.locator(".jp-hackweek-NsidcPanel-product").fill("ATL06")
    version = panel.locator(".jp-hackweek-NsidcPanel-version")
    expect(version.locator('option[value="005"]')).to_have_count(1)
    version.select_option("005")
    panel.locator(".jp-hackweek-NsidcPanel-start").fill("2019-02-20")
    panel.locator(".jp-hackweek-NsidcPanel-end").fill("2019-02-22")
    box = {"west": "-60", "south": "55", "east": "-40", "north": "80"}
    for side, value in box.items():
        panel.locator(f".jp-hackweek-NsidcPanel-{side}").fill(value)
    panel.locator(".jp-hackweek-NsidcPanel-search").click()
    expect(
        panel.locator(f'.jp-hackweek-NsidcPanel-row[data-name="{REAL_GRANULE}"]')
    ).to_be_visible()


def test_a_user_logs_in_and_uses_each_feature(site, open_lab):
    # Given user-01 logged in through the hub's login form
    page = open_lab("user-01")
    assert page.url.startswith(f"{site.url}/user/user-01/lab")
    # When "Show Resource Usage" is run from the command palette
    run_command(page, "Show Resource Usage")
    # Then the meter panel shows this server's memory, history and disks
    meter = page.locator(".jp-hackweek-MeterPanel")
    expect(meter.locator(".jp-hackweek-MeterPanel-summary")).to_contain_text(
        re.compile(r"Memory\s*[\d.]+ (MB|GB)? ?/ [\d.]+ (MB|GB)")
    )
    expect(meter.locator(".jp-hackweek-MeterPanel-chart svg")).to_be_visible()
    expect(meter.locator('[data-disk="home"]')).to_be_visible()
    # When the NSIDC search runs, Then the fake CMR's real granule is listed
    search_greenland(page)
    news = page.get_by_role("button", name="No", exact=True)  # JupyterLab's news question
    try:
        news.click(timeout=3000)
        expect(news).to_be_hidden()
    except PlaywrightTimeoutError:
        pass  # not asked this time
    page.screenshot(path=str(SCREENSHOTS / "hub-user.png"))
    # When the Shared Data panel opens, Then the read-only shared volume is listed
    open_tab(page, "jp-hackweek-shared")
    expect(page.locator(row("many"))).to_be_visible()
    page.locator(row("many")).dblclick()
    expect(page.locator(row("granule_000000.h5"))).to_be_visible()
    # And the Downloads panel answers: no downloads yet, no Earthdata login yet
    open_tab(page, "jp-hackweek-downloads")
    expect(page.locator(".jp-hackweek-Downloads-empty")).to_be_visible()
    expect(page.locator(".jp-hackweek-Downloads-login")).to_contain_text("Log in to Earthdata")
    # When a notebook outside any git repository asks for a Binder link
    page.goto(f"{site.url}/user/user-01/lab/tree/analysis.ipynb")
    expect(page.locator(".jp-NotebookPanel .jp-Notebook")).to_be_visible()
    button = page.locator('.jp-NotebookPanel-toolbar [data-jp-item-name="hackweek-binder"] button')
    button.click()
    # Then the dialog says why there is no link (the nbgitpuller section says its own)
    status = page.locator(".jp-Dialog .jp-hackweek-BinderDialog-nolink").first
    expect(status).to_contain_text("not in a git repository")
    page.locator(".jp-Dialog").get_by_role("button", name="Close").click()


def test_an_organizer_publishes_and_a_user_sees_it_in_the_browser(site, open_lab):
    # Given a file in the organizer's home
    name = f"hub-notes-{secrets.token_hex(3)}.md"
    (site.home("organizer-1") / name).write_text("# Notes from the organizers\n")
    try:
        organizer = open_lab("organizer-1")
        open_tab(organizer, "jp-hackweek-shared")
        expect(organizer.locator(row("many"))).to_be_visible()
        # When it is published from the writable root's "Publish from home…"
        organizer.locator(".jp-hackweek-SharedBrowser-roots").select_option("shared-readwrite")
        actions = organizer.locator(".jp-hackweek-SharedBrowser-organizer")
        actions.get_by_role("button", name="Publish from home…").click()
        organizer.locator(".jp-Dialog input").fill(name)
        organizer.locator(".jp-Dialog .jp-mod-accept").click()
        expect(organizer.locator(row(name))).to_be_visible()
        # Then user-02, in their own browser session, sees it in the read-only shared root
        user = open_lab("user-02")
        open_tab(user, "jp-hackweek-shared")
        expect(user.locator(row(name))).to_be_visible()
        expect(user.locator(".jp-hackweek-SharedBrowser-organizer")).to_have_count(0)
    finally:
        (site.volume / name).unlink(missing_ok=True)


def test_the_panels_keep_working_while_the_hub_restarts(site, open_lab):
    # Given user-01's lab open
    page = open_lab("user-01")
    # When the hub stops (the proxy and the servers stay up)
    site.stop_hub()
    try:
        # Then the panels still answer, without a reload
        search_greenland(page)
    finally:
        site.start_hub()
    # And once the hub is back, the Shared Data panel lists a folder, still without a reload
    open_tab(page, "jp-hackweek-shared")
    page.locator(row("many")).dblclick()
    expect(page.locator(row("granule_000000.h5"))).to_be_visible()
    assert "/hub/login" not in page.url

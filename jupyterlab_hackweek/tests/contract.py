"""The contract between the server's replies and the front end's types.

Route tests hand the replies they receive from the real routes to
``record(name, body)``: with ``HACKWEEK_WRITE_CONTRACT=1`` in the environment the
reply is written to ``src/__fixtures__/replies/<name>.json``, which the jest tests
load instead of hand-written objects; otherwise the reply's shape (its keys, at
every depth, and the JSON type of each value) must be the shape of that file, so
a reply that gained, lost or renamed a field fails the test until the fixture is
written again (and the jest tests that read it are run).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

REPLIES = Path(__file__).resolve().parents[2] / "src" / "__fixtures__" / "replies"
WRITE = "HACKWEEK_WRITE_CONTRACT"


def record(name: str, body) -> None:
    """Write (``HACKWEEK_WRITE_CONTRACT=1``) or check the fixture ``name`` against ``body``."""
    path = REPLIES / f"{name}.json"
    if os.environ.get(WRITE):
        REPLIES.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(body, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return
    assert path.exists(), f"No fixture {path.name}: run the tests with {WRITE}=1 and commit it."
    fixture = json.loads(path.read_text(encoding="utf-8"))
    differences = list(_differences(fixture, body, name))
    assert not differences, (
        f"The reply no longer has the shape of {path.name} (the front end's fixture):\n  "
        + "\n  ".join(differences[:20])
        + f"\nIf the change is meant, run the tests with {WRITE}=1, then jest, and commit."
    )


def _kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {str: "string", list: "array", dict: "object"}[type(value)]


def _merged(items: list):
    """One value standing for every item of a list: objects merged key by key."""
    objects = [item for item in items if isinstance(item, dict)]
    if objects and len(objects) == len(items):
        merged: dict = {}
        for item in objects:
            for key, value in item.items():
                if merged.get(key) is None:
                    merged[key] = value
        return merged
    return next((item for item in items if item is not None), None)


def _differences(expected, actual, where: str):
    """Where ``actual`` differs in shape from ``expected`` (null matches any type)."""
    if expected is None or actual is None:
        return
    if _kind(expected) != _kind(actual):
        yield f"{where}: {_kind(actual)} where the fixture has {_kind(expected)}"
        return
    if isinstance(expected, dict):
        for key in sorted(expected.keys() - actual.keys()):
            yield f"{where}.{key}: missing from the reply"
        for key in sorted(actual.keys() - expected.keys()):
            yield f"{where}.{key}: new in the reply"
        for key in sorted(expected.keys() & actual.keys()):
            yield from _differences(expected[key], actual[key], f"{where}.{key}")
    elif isinstance(expected, list) and expected and actual:
        yield from _differences(_merged(expected), _merged(actual), f"{where}[]")

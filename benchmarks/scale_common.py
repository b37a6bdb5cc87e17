"""What the scale benchmarks share: the strike-report vocabulary their synthetic claims
and articles are written from, and the wait for an app to reach a state."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Sequence

PEOPLE = ["Maria Alvarez, the transport minister,", "union leader Tom Reilly",
          "Sarah Okafor, who chairs the port authority,", "Chief Constable Ian Marsh",
          "Labour MP Priya Shah", "the operator's chief executive, Lars Holm,"]
ORGS = ["Department for Transport", "RMT union", "Port of Dover", "Road Haulage Association",
        "European Commission", "Office for National Statistics", "Kent County Council"]
PLACES = ["Dover", "Calais", "Folkestone", "Dunkirk", "Portsmouth", "Holyhead", "Dublin"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def strike_sentence(rng: random.Random, templates: Sequence[str], last_hour: int) -> str:
    """One of `templates` filled with names, places and figures drawn from `rng`."""
    p = rng.choice(PEOPLE)
    return rng.choice(templates).format(
        p=p, P=p[0].upper() + p[1:], org=rng.choice(ORGS), place=rng.choice(PLACES),
        day=rng.choice(DAYS), n=rng.randint(120, 48000), m=rng.randint(2, 950),
        k=rng.randint(3, 60), h=rng.randint(1, last_hour))


async def until(predicate: Callable[[], object], timeout: float, *, poll: float = 0.001,
                failure: str = "the app did not reach the expected state") -> None:
    """Let the event loop run until `predicate()` holds, looking every `poll` seconds;
    TimeoutError after `timeout` seconds."""
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError(failure)
        await asyncio.sleep(poll)

"""Events are the same from one process to the next: labels and participants never depend on string hashing."""

from __future__ import annotations

import os
import subprocess
import sys

# One fact naming two entities once each: their order in the event is a tie, broken by id, not by set order.
_SCRIPT = """
from crossfact.crossdoc.events import build_events
from crossfact.model import Article, Corpus, Entity, Fact, Mention, Slot
text = "Klitschko stopped Thompson in Bern."
fact = Fact("a-f1", "a", 0, len(text), "event", sentence_end=len(text), predicate="stop",
            slots=(Slot("agent", 0, 9), Slot("patient", 18, 26)), terms=("klitschko", "stop", "thompson"))
article = Article("a", "a.txt", text, "x", text=text, facts=(fact,))
entities = tuple(Entity(f"ent-{name.lower()}", name, "PERSON", mentions=(Mention("a", s, e, "PERSON"),))
                 for name, s, e in (("Thompson", 18, 26), ("Klitschko", 0, 9)))
(event,) = build_events(Corpus((article,), entities=entities))
print(event.label, *event.participants)
"""


def test_events_ties_do_not_depend_on_the_hash_seed() -> None:
    outputs = {
        subprocess.run(
            [sys.executable, "-c", _SCRIPT],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in range(6)
    }
    assert outputs == {"stop: Klitschko, Thompson ent-klitschko ent-thompson\n"}

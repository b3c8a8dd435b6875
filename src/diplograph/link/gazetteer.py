"""The bundled gazetteer: names of states, places, organizations, armed groups and people.

One data file (``diplograph/data/gazetteer.tsv``) feeds both the extractor's entity ruler and
the linker. A row carries a Wikidata QID only where it was checked against sources (named in
the row); rows without a QID still give canonical labels, kinds and aliases.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

#: Gazetteer kinds → spaCy entity labels for the entity ruler.
KIND_LABEL = {
    "Person": "PERSON", "State": "GPE", "Place": "GPE", "Organization": "ORG",
    "GovernmentBody": "ORG", "ArmedGroup": "ORG", "NewsAgency": "ORG",
}


#: The data file's columns, in order.
COLUMNS = ("qid", "label", "kind", "aliases", "stands_for", "source", "country", "description")


@dataclass(frozen=True)
class GazetteerEntry:
    """One named thing: its QID (when verified), canonical label, kind, aliases and source.

    ``stands_for`` is the QID of the actor the name denotes when it is used as a speaker
    (metonymy: "Moscow" said → Russia); ``country`` the QID of the country a person, place or
    group belongs to; ``description`` a short role ("Deputy Foreign Minister of Russia").
    """

    qid: str | None
    label: str
    kind: str
    aliases: tuple[str, ...]
    source: str
    stands_for: str | None = None
    country: str | None = None
    description: str = ""

    @property
    def key(self) -> str:
        """A stable identifier: the QID, else the canonical label."""
        return self.qid or self.label


def name_key(name: str) -> str:
    """A name as compared: ASCII, lower case, punctuation and a leading 'the' dropped."""
    name = re.sub(r"['\u2019]s\b", "", name)  # possessive: "the Kremlin's"
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_name).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


class Gazetteer:
    """Look-ups over the gazetteer entries by name and by QID."""

    def __init__(self, entries: tuple[GazetteerEntry, ...]) -> None:
        self.entries = entries
        self._by_name: dict[str, list[GazetteerEntry]] = {}
        self._by_qid: dict[str, GazetteerEntry] = {}
        for e in entries:
            for name in (e.label, *e.aliases):
                bucket = self._by_name.setdefault(name_key(name), [])
                if e not in bucket:
                    bucket.append(e)
            if e.qid:
                self._by_qid[e.qid] = e

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Entries whose label or alias is this name (case, accents and punctuation ignored)."""
        return list(self._by_name.get(name_key(name), []))

    def by_qid(self, qid: str) -> GazetteerEntry | None:
        """The entry with this QID, or None."""
        return self._by_qid.get(qid)

    def by_label(self, label: str) -> GazetteerEntry | None:
        """The entry with exactly this canonical label, or None."""
        return next((e for e in self.entries if e.label == label), None)

    def ruler_patterns(self) -> list[dict[str, object]]:
        """Phrase patterns for spaCy's EntityRuler; the pattern id is the entry's key."""
        patterns: list[dict[str, object]] = []
        seen: set[tuple[str, str]] = set()
        for e in self.entries:
            for name in (e.label, *e.aliases):
                if (name, e.key) in seen or len(name) < 2:
                    continue
                seen.add((name, e.key))
                patterns.append({"label": KIND_LABEL.get(e.kind, "ORG"), "pattern": name, "id": e.key})
        return patterns


def parse_rows(text: str) -> tuple[GazetteerEntry, ...]:
    """Entries from the TSV text, one a line, tab-separated columns: qid, label, kind,
    aliases (|-separated), stands_for, source, country, description."""
    entries = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        cols += [""] * (len(COLUMNS) - len(cols))
        qid, label, kind, aliases, stands_for, source, country, description = (
            c.strip() for c in cols[:len(COLUMNS)])
        entries.append(GazetteerEntry(
            qid=qid or None, label=label, kind=kind,
            aliases=tuple(a.strip() for a in aliases.split("|") if a.strip()),
            source=source, stands_for=stands_for or None, country=country or None,
            description=description))
    return tuple(entries)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The bundled gazetteer, read once."""
    text = resources.files("diplograph").joinpath("data/gazetteer.tsv").read_text(encoding="utf-8")
    return Gazetteer(parse_rows(text))

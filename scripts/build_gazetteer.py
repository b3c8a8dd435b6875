"""Build the bundled gazetteer (src/diplograph/data/gazetteer.tsv) from its sources.

The gazetteer has two parts:

* **curated rows** (src/diplograph/data/gazetteer_curated.tsv): organizations, news agencies,
  armed groups, people, and the places the news names, each with the sources its QID was
  checked against, written by hand;
* **derived rows**: UN member states, their capitals, Syria's governorates and towns, read from
  local copies of public datasets that carry Wikidata QIDs. A QID is kept only where two
  independent datasets agree on it; a name on which they disagree gets no row at all.

The datasets are not shipped; point the script at local copies::

    python scripts/build_gazetteer.py \\
        --owid CountriesRegions.ts            # Our World in Data country table (wikidata_uri)
        --dr5hn countries-states-cities/      # countries.json, states.csv, cities/XX.json (wikiDataId)
        --natural-earth ne_50m_populated_places.json   # Natural Earth places (wikidataid)
        --wof whosonfirst-data-admin-sy/data  # Who's On First Syria (wd:id concordances)

Without dataset options the script rebuilds from the curated rows alone and keeps the derived
rows already in the output file, so a curated edit never needs the datasets. ``--check`` only
validates the output file (every row has a source; QIDs well formed and unique).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "diplograph" / "data"
OUT = DATA / "gazetteer.tsv"
CURATED = DATA / "gazetteer_curated.tsv"
COLUMNS = ("qid", "label", "kind", "aliases", "stands_for", "source", "country", "description")
KINDS = {"Person", "State", "Organization", "GovernmentBody", "ArmedGroup", "NewsAgency", "Place"}
DERIVED_MARK = "derived:"

#: ISO 3166 alpha-3 codes of the 193 UN member states.
_UN_MEMBER_CODES = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA
BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE PRK DNK
DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB
GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO
LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR NAM
NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR ROU RUS RWA
KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB
ZWE
"""
UN_MEMBERS = set(_UN_MEMBER_CODES.split())

#: The two UN observer states.
UN_OBSERVERS = {"VAT", "PSE"}

#: Capitals left out: a common word or a person's name ("Victoria"), or a name shared with a
#: better-known place the news names more often ("Tripoli" in Lebanon, "San Jose" in the US).
CAPITALS_LEFT_OUT = {"Victoria", "Malé", "Male", "Kingston", "Georgetown", "Tripoli", "San José",
                     "Nassau", "Saint John's", "St. John's", "Roseau", "Basseterre", "Castries",
                     "Santiago", "Palikir", "Melekeok", "Ngerulmud", "Funafuti", "Majuro"}

#: Capitals as read from a third public table (conzept's countries.js), for the countries whose
#: city list is missing from the dr5hn copy: capital QID by country QID.
CONZEPT_CAPITALS = {
    "Q30": "Q61", "Q1000": "Q3825", "Q1005": "Q3726", "Q1006": "Q3733", "Q1007": "Q3739",
    "Q1008": "Q3768", "Q1009": "Q3808", "Q1011": "Q3751", "Q1013": "Q3909", "Q1014": "Q3748",
    "Q1016": "Q3579", "Q1019": "Q3915", "Q1020": "Q3876", "Q1025": "Q3688", "Q1027": "Q3929",
    "Q1028": "Q3551", "Q1029": "Q3889", "Q1030": "Q3935", "Q1032": "Q3674", "Q1033": "Q3787",
    "Q1036": "Q3894", "Q1037": "Q3859", "Q1039": "Q3932", "Q1041": "Q3718", "Q1042": "Q3940",
    "Q1044": "Q3780", "Q1045": "Q2449", "Q1049": "Q1963", "Q114": "Q3870", "Q115": "Q3624",
    "Q117": "Q3761", "Q142": "Q90", "Q145": "Q84", "Q148": "Q956", "Q155": "Q2844",
    "Q159": "Q649", "Q16": "Q1930", "Q17": "Q1490", "Q183": "Q64", "Q184": "Q2280",
    "Q189": "Q1764", "Q191": "Q1770", "Q20": "Q585", "Q211": "Q1773", "Q212": "Q1899",
}


@dataclass
class Row:
    """One gazetteer row while it is being built."""

    qid: str
    label: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    stands_for: str = ""
    source: str = ""
    country: str = ""
    description: str = ""

    def cells(self) -> list[str]:
        return [self.qid, self.label, self.kind, "|".join(self.aliases), self.stands_for,
                self.source, self.country, self.description]


def read_rows(path: Path) -> list[Row]:
    """Rows of a gazetteer TSV (the curated file or the built one)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        cols += [""] * (len(COLUMNS) - len(cols))
        rows.append(Row(cols[0], cols[1], cols[2], [a for a in cols[3].split("|") if a],
                        cols[4], cols[5], cols[6], cols[7]))
    return rows


def fold(name: str) -> str:
    """A name as compared across datasets: ASCII, lower case, letters and digits only."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_name).split())


# --- the datasets ---------------------------------------------------------------------------


def owid_countries(path: Path) -> dict[str, str]:
    """ISO3 → QID from Our World in Data's country table."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r"`(code,name,.*?)`", text, re.S)
    if match is None:
        raise SystemExit(f"{path}: no country table found")
    found = {}
    for rec in csv.DictReader(io.StringIO(match.group(1).strip())):
        uri = rec.get("wikidata_uri") or ""
        if uri:
            found[rec["code"]] = uri.rsplit("/", 1)[1]
    return found


def dr5hn_countries(root: Path) -> list[dict[str, object]]:
    """The dr5hn country records (name, iso3, capital, nationality, wikiDataId)."""
    for rel in ("contributions/countries/countries.json", "json/countries.json", "countries.json"):
        if (root / rel).exists():
            data: list[dict[str, object]] = json.loads((root / rel).read_text(encoding="utf-8"))
            return data
    raise SystemExit(f"{root}: no countries.json")


def dr5hn_cities(root: Path, iso2: str) -> list[dict[str, object]]:
    """The dr5hn city records of one country, or none when that file is missing."""
    for rel in (f"contributions/cities/{iso2}.json", f"cities/{iso2}.json"):
        path = root / rel
        if path.exists() and path.stat().st_size > 0:
            try:
                data: list[dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError:
                return []
            return data
    return []


def trusted_qids(records: Iterable[dict[str, object]], key: str) -> dict[str, set[str]]:
    """QID → the folded names a dataset gives it, keeping only QIDs given to one name (a QID
    on two different names is a copy error in that dataset, so it cannot vouch for either)."""
    by_qid: dict[str, set[str]] = {}
    for rec in records:
        qid, name = str(rec.get(key) or ""), str(rec.get("name") or "")
        if re.fullmatch(r"Q[1-9][0-9]*", qid) and name:
            by_qid.setdefault(qid, set()).add(fold(name))
    return {qid: names for qid, names in by_qid.items() if len(names) == 1}


def qid_for_name(trusted: dict[str, set[str]], name: str) -> str | None:
    """The one trusted QID a name has in a dataset, or None when it has none or several."""
    found = [qid for qid, names in trusted.items() if fold(name) in names]
    return found[0] if len(found) == 1 else None


def natural_earth_capitals(path: Path) -> dict[str, tuple[str, str]]:
    """ISO3 → (capital name, QID) from Natural Earth populated places."""
    found = {}
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        p = {k.lower(): v for k, v in feature["properties"].items()}
        if str(p.get("featurecla", "")).startswith("Admin-0 capital") and p.get("wikidataid"):
            if p.get("featurecla") == "Admin-0 capital alt":
                continue
            found.setdefault(str(p["adm0_a3"]), (str(p.get("name_en") or p["name"]), str(p["wikidataid"])))
    return found


def wof_places(root: Path) -> list[dict[str, str]]:
    """Who's On First records with a Wikidata concordance: placetype, names, QID."""
    found = []
    for path in sorted(root.rglob("*.geojson")):
        if "-alt-" in path.name:
            continue
        props = json.loads(path.read_text(encoding="utf-8"))["properties"]
        qid = props.get("wof:concordances", {}).get("wd:id")
        if not qid:
            continue
        preferred = [str(n) for n in props.get("name:eng_x_preferred", [])]
        variants = [str(n) for n in props.get("name:eng_x_variant", [])]
        names = [*preferred, str(props.get("wof:name", "")), *variants]
        found.append({"placetype": str(props.get("wof:placetype")), "qid": str(qid), "names": "|".join(names)})
    return found


# --- derivation ------------------------------------------------------------------------------


def derive_states(owid: dict[str, str], dr5hn: list[dict[str, object]]) -> Iterator[Row]:
    """UN member and observer states on whose QID both country tables agree."""
    for rec in dr5hn:
        iso3 = str(rec.get("iso3"))
        if iso3 not in UN_MEMBERS | UN_OBSERVERS:
            continue
        qid = str(rec.get("wikiDataId") or "")
        if not qid or owid.get(iso3) != qid:
            continue
        demonyms = [d.strip() for d in str(rec.get("nationality") or "").split(",")]
        aliases = [d for d in demonyms if d and len(d) > 2 and d != rec["name"]]
        yield Row(qid, str(rec["name"]), "State", aliases, qid,
                  f"{DERIVED_MARK} Our World in Data country table; dr5hn countries (agree)")


def derive_capitals(states: list[Row], dr5hn_root: Path, dr5hn: list[dict[str, object]],
                    ne: dict[str, tuple[str, str]]) -> Iterator[Row]:
    """Capitals of the derived states, where two of Natural Earth, dr5hn's city list and
    conzept's country table agree on the QID."""
    by_qid = {str(r.get("wikiDataId")): r for r in dr5hn}
    for state in states:
        rec = by_qid.get(state.qid)
        if rec is None:
            continue
        iso3, iso2 = str(rec["iso3"]), str(rec["iso2"])
        name = str(rec.get("capital") or "")
        votes: dict[str, list[str]] = {}
        if iso3 in ne:
            votes.setdefault(ne[iso3][1], []).append("Natural Earth populated places")
        city_qid = qid_for_name(trusted_qids(dr5hn_cities(dr5hn_root, iso2), "wikiDataId"), name)
        if name and city_qid:
            votes.setdefault(city_qid, []).append("dr5hn cities")
        if state.qid in CONZEPT_CAPITALS:
            votes.setdefault(CONZEPT_CAPITALS[state.qid], []).append("conzept countries table")
        agreed = [(q, srcs) for q, srcs in votes.items() if len(srcs) >= 2]
        if len(agreed) != 1 or not name or name in CAPITALS_LEFT_OUT:
            continue
        if fold(name) == fold(state.label) or fold(name).startswith(fold(state.label) + " "):
            continue  # "Kuwait", "Luxembourg", "Mexico City": the name would shadow the state
        qid, srcs = agreed[0]
        if qid == state.qid:
            continue
        label = ne[iso3][0] if iso3 in ne and ne[iso3][1] == qid else name
        aliases = [a for a in {name, label.upper()} if a != label]
        yield Row(qid, label, "Place", aliases, state.qid,
                  f"{DERIVED_MARK} " + "; ".join(srcs) + " (agree)", state.qid, f"capital of {state.label}")


def derive_syria(dr5hn_root: Path, wof: list[dict[str, str]]) -> Iterator[Row]:
    """Syria's governorates and towns where dr5hn and Who's On First agree on the QID."""
    wof_by_qid: dict[str, dict[str, str]] = {w["qid"]: w for w in wof}
    states_csv = next((p for p in (dr5hn_root / "csv/states.csv", dr5hn_root / "states.csv") if p.exists()), None)
    if states_csv is not None:
        with states_csv.open(encoding="utf-8") as fh:
            govs = [r for r in csv.DictReader(fh) if r["country_code"] == "SY"]
        for qid in trusted_qids([{"name": g["name"], "wikiDataId": g["wikiDataId"]} for g in govs],
                                "wikiDataId"):
            w = wof_by_qid.get(qid)
            if w is None or w["placetype"] != "region":
                continue
            label = next(g["name"] for g in govs if g["wikiDataId"] == qid)
            yield Row(qid, f"{label} Governorate", "Place", [f"{label} province", f"{label} governorate"],
                      "", f"{DERIVED_MARK} dr5hn states; Who's On First Syria (agree)", "Q858",
                      "governorate of Syria")
    cities = dr5hn_cities(dr5hn_root, "SY")
    for qid in trusted_qids(cities, "wikiDataId"):
        w = wof_by_qid.get(qid)
        if w is None or w["placetype"] != "locality":
            continue  # districts ("county") share their town's name: left out
        original = next(str(c["name"]) for c in cities if c["wikiDataId"] == qid)
        names = [n for n in w["names"].split("|") if n and not re.search(r"[\u0600-\u06ff]", n)]
        label = names[0] if names else original
        aliases = sorted({n for n in (original, *names) if n != label})
        yield Row(qid, label, "Place", aliases, "",
                  f"{DERIVED_MARK} dr5hn cities; Who's On First Syria (agree)", "Q858", "place in Syria")


# --- merging and checking --------------------------------------------------------------------


def merge(curated: list[Row], derived: list[Row]) -> list[Row]:
    """Curated rows win on label, kind and metonymy; aliases and sources are pooled."""
    out = [replace(r, aliases=list(r.aliases)) for r in curated]
    by_qid = {r.qid: r for r in out if r.qid}
    for row in derived:
        have = by_qid.get(row.qid)
        if have is None:
            out.append(row)
            by_qid[row.qid] = row
            continue
        have.aliases += [a for a in row.aliases if a not in have.aliases and a != have.label]
        have.country = have.country or row.country
        have.description = have.description or row.description
        parts = [p.strip() for p in have.source.split(";")]
        for extra in row.source.removeprefix(DERIVED_MARK).split(";"):
            if extra.strip() and extra.strip() not in parts:
                parts.append(extra.strip())
        have.source = "; ".join(parts)
    return out


def problems(rows: list[Row]) -> list[str]:
    """What is wrong with a set of rows: no source, a malformed or repeated QID, a bad kind."""
    found = []
    seen: dict[str, str] = {}
    for r in rows:
        if not r.source:
            found.append(f"{r.label}: no source")
        if r.kind not in KINDS:
            found.append(f"{r.label}: unknown kind {r.kind!r}")
        for q in (r.qid, r.stands_for, r.country):
            if q and not re.fullmatch(r"Q[1-9][0-9]*", q):
                found.append(f"{r.label}: malformed QID {q!r}")
        if r.qid:
            if r.qid in seen:
                found.append(f"{r.qid} on two rows: {seen[r.qid]} and {r.label}")
            seen[r.qid] = r.label
    return found


def write(rows: list[Row], path: Path) -> None:
    order = {"State": 0, "Place": 1, "Organization": 2, "GovernmentBody": 3, "NewsAgency": 4,
             "ArmedGroup": 5, "Person": 6}
    rows = sorted(rows, key=lambda r: (order.get(r.kind, 9), r.label.lower()))
    with path.open("w", encoding="utf-8") as fh:
        fh.write("# " + "\t".join(COLUMNS) + "\n")
        fh.write("# Built by scripts/build_gazetteer.py; edit gazetteer_curated.tsv, not this file.\n")
        for r in rows:
            fh.write("\t".join(c.replace("\t", " ") for c in r.cells()) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--owid", type=Path)
    parser.add_argument("--dr5hn", type=Path)
    parser.add_argument("--natural-earth", type=Path)
    parser.add_argument("--wof", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="only validate the output file")
    args = parser.parse_args(argv)
    if args.check:
        bad = problems(read_rows(args.out))
        print("\n".join(bad) or f"{args.out}: ok")
        return 1 if bad else 0
    curated = read_rows(CURATED)
    if args.owid and args.dr5hn and args.natural_earth and args.wof:
        countries = dr5hn_countries(args.dr5hn)
        states = list(derive_states(owid_countries(args.owid), countries))
        derived = states + list(derive_capitals(states, args.dr5hn, countries,
                                                natural_earth_capitals(args.natural_earth)))
        derived += list(derive_syria(args.dr5hn, wof_places(args.wof)))
    elif any((args.owid, args.dr5hn, args.natural_earth, args.wof)):
        parser.error("give all four datasets, or none")
    else:  # keep what an earlier build derived (and pooled into curated rows)
        derived = [r for r in read_rows(args.out) if r.qid]
    rows = merge(curated, derived)
    bad = problems(rows)
    if bad:
        print("\n".join(bad), file=sys.stderr)
        return 1
    write(rows, args.out)
    print(f"{args.out}: {len(rows)} rows, {sum(1 for r in rows if r.qid)} with a QID")
    return 0


if __name__ == "__main__":
    sys.exit(main())

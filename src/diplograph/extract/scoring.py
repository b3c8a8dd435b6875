"""Scoring an extraction against a hand annotation, by the rules of the evaluation format.

Statements pair one-to-one, greedily by content overlap (≥ half of the longer span);
detection counts pairs, attribution also needs the speakers right, full also mode and act.
Linking, accusations, ceasefires and casualty reports are scored as the format describes.
Figures are micro-averaged over all pairs of files.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Any

Json = dict[str, Any]


def _norm(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def agent_matches(pred: Json, gold: Json) -> bool:
    """Same QID, same normalized name, same last word (surname), or one name within the other."""
    if pred.get("wikidata") and pred.get("wikidata") == gold.get("wikidata"):
        return True
    a, b = _norm(pred.get("label") or ""), _norm(gold.get("label") or "")
    return bool(a and b) and (a == b or a.split()[-1] == b.split()[-1] or a in b or b in a)


def span_overlap(a: Json | None, b: Json | None) -> float:
    """Shared characters of two spans over the longer one's length."""
    if not a or not b:
        return 0.0
    shared = int(min(a["end"], b["end"]) - max(a["start"], b["start"]))
    return max(0, shared) / max(int(a["end"] - a["start"]), int(b["end"] - b["start"]), 1)


def pair_statements(gold: list[Json], pred: list[Json], threshold: float = 0.5) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs, best overlap first."""
    scored = sorted(((span_overlap(g["content"], p["content"]), gi, pi)
                     for gi, g in enumerate(gold) for pi, p in enumerate(pred)), reverse=True)
    taken_g: set[int] = set()
    taken_p: set[int] = set()
    pairs = []
    for ov, gi, pi in scored:
        if ov < threshold:
            break
        if gi in taken_g or pi in taken_p:
            continue
        taken_g.add(gi)
        taken_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def _prf(hits: float, predicted: float, wanted: float) -> dict[str, float]:
    p = hits / predicted if predicted else 0.0
    r = hits / wanted if wanted else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def _event_key(kind: str, item: Json) -> set[Any]:
    if kind == "accusations":
        return {_norm(x) for x in item.get("accused", [])}
    if kind == "ceasefires":
        return {_norm(item.get("location") or "")}
    return {(item.get("killed"), _norm(item.get("place") or ""))}


def _same_event(g: set[Any], p: set[Any]) -> bool:
    if g & p:
        return True
    return any(x in y or y in x for x in map(str, g) for y in map(str, p) if x and y)


def _tally_pair(gold: Json, pred: Json, c: Counter[str]) -> None:
    gs, ps = gold.get("statements", []), pred.get("statements", [])
    pairs = pair_statements(gs, ps)
    c["gold"] += sum(1 for g in gs if not g.get("optional"))
    c["pred"] += len(ps) - sum(1 for gi, _ in pairs if gs[gi].get("optional"))
    for gi, pi in pairs:
        g, p = gs[gi], ps[pi]
        if g.get("optional"):
            continue
        c["detected"] += 1
        g_sp, p_sp = g.get("speakers", []), p.get("speakers", [])
        speakers_ok = bool(p_sp) and all(any(agent_matches(x, y) for y in g_sp) for x in p_sp) \
            and all(any(agent_matches(x, y) for x in p_sp) for y in g_sp)
        same = {
            "attributed": speakers_ok,
            "mode_ok": p.get("mode") == g.get("mode"),
            "act_ok": p.get("act") == g.get("act"),
            "date_ok": p.get("date") == g.get("date"),
            "cue_ok": span_overlap(p.get("cue"), g.get("cue")) > 0 or (g.get("cue") is None and p.get("cue") is None),
            "source_ok": span_overlap(p.get("source"), g.get("source")) > 0
            or (g.get("source") is None and p.get("source") is None),
        }
        for key, ok in same.items():
            c[key] += int(ok)
        c["full_ok"] += int(speakers_ok and same["mode_ok"] and same["act_ok"])
    p_ents = pred.get("entities", [])
    for e in gold.get("entities", []):
        if not e.get("wikidata") or not e.get("mentions"):
            continue
        c["link_gold"] += 1
        forms = {_norm(m) for m in e["mentions"]}
        hits = [x for x in p_ents if agent_matches(x, e) or forms & {_norm(n) for n in x.get("mentions", [])}]
        c["link_ok"] += int(any(x.get("wikidata") == e["wikidata"] for x in hits))
    known_qids = {e["wikidata"] for e in gold.get("entities", []) if e.get("wikidata")}
    known_labels = {_norm(e["label"]) for e in gold.get("entities", []) if e.get("wikidata")}
    for x in p_ents:
        if x.get("wikidata") and _norm(x.get("label") or "") in known_labels:
            c["link_pred"] += 1
            c["link_pred_ok"] += int(x["wikidata"] in known_qids)
    for kind in ("accusations", "ceasefires", "casualty_reports"):
        wanted = sorted(((_event_key(kind, x), bool(x.get("optional"))) for x in gold.get(kind, [])),
                        key=lambda item: item[1])
        free = [_event_key(kind, x) for x in pred.get(kind, [])]
        optional_hits = 0
        for wanted_key, optional in wanted:
            hit = next((p for p in free if _same_event(wanted_key, p)), None)
            if hit is None:
                continue
            free.remove(hit)
            if optional:
                optional_hits += 1
            else:
                c[f"{kind}_tp"] += 1
        c[f"{kind}_gold"] += sum(1 for _, optional in wanted if not optional)
        c[f"{kind}_pred"] += len(pred.get(kind, [])) - optional_hits


def score(pairs: Iterable[tuple[Json, Json]]) -> Json:
    """Micro-averaged figures over (gold, predicted) extraction dicts."""
    c: Counter[str] = Counter()
    for gold, pred in pairs:
        _tally_pair(gold, pred, c)
    out: Json = {
        "statements": c["gold"],
        "detection": _prf(c["detected"], c["pred"], c["gold"]),
        "attribution": _prf(c["attributed"], c["pred"], c["gold"]),
        "full": _prf(c["full_ok"], c["pred"], c["gold"]),
        "of_detected": {k: round(c[k] / c["detected"], 3) if c["detected"] else 0.0
                        for k in ("attributed", "source_ok", "mode_ok", "act_ok", "cue_ok", "date_ok")},
        "linking": {"recall": round(c["link_ok"] / c["link_gold"], 3) if c["link_gold"] else None,
                    "precision": round(c["link_pred_ok"] / c["link_pred"], 3) if c["link_pred"] else None},
    }
    for kind in ("accusations", "ceasefires", "casualty_reports"):
        out[kind] = _prf(c[f"{kind}_tp"], c[f"{kind}_pred"], c[f"{kind}_gold"])
    return out

"""The SPARQL text scanner (web/sparqltext.py): a query's form, USING clauses for updates."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from diplograph.errors import QueryError
from diplograph.namespaces import sparql_prefixes
from diplograph.web.sparqltext import add_using, query_form


@pytest.mark.parametrize(("text", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", "select"),
    (sparql_prefixes() + "# a comment with ASK in it\nconstruct WHERE { ?s ?p ?o }", "construct"),
    ("BASE <http://e/> PREFIX select: <http://e/select#> ASK { ?s select:p ?o }", "ask"),
    ("DESCRIBE <http://e/a>", "describe"),
    ("INSERT DATA { <a> <b> <c> }", None),
    ("{ SELECT }", None),
])
def test_the_form_of_a_query(text: str, form: str | None) -> None:
    assert query_form(text) == form


def test_using_clauses_go_before_each_top_level_where() -> None:
    update = ('PREFIX ex: <http://e/> DELETE { ?s ex:p "WHERE" } WHERE { ?s ex:p ?o { SELECT ?s WHERE { ?s ?q ?r } } } ;\n'
              "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> } ;\n"
              "INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    rewritten = add_using(update, ["http://e/g1"], ["http://e/g2"])
    assert rewritten.count("USING <http://e/g1> USING NAMED <http://e/g2> WHERE") == 2
    assert '"WHERE"' in rewritten and "SELECT ?s WHERE" in rewritten  # strings and subqueries untouched
    ox.Store().update(rewritten)  # and it is still a valid update


def test_using_is_refused_where_it_cannot_apply() -> None:
    with pytest.raises(QueryError, match="USING"):
        add_using("DELETE { ?s ?p ?o } USING <http://e/x> WHERE { ?s ?p ?o }", ["http://e/g"], [])
    with pytest.raises(QueryError, match="DELETE WHERE"):
        add_using("DELETE WHERE { ?s ?p ?o }", ["http://e/g"], [])
    with pytest.raises(QueryError, match="not an IRI"):
        add_using("INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }", ["not an iri"], [])
    assert add_using("CLEAR ALL", [], []) == "CLEAR ALL"

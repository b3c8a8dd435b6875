"""Wikidata linking: the bundled gazetteer (``gazetteer``) and the online linker (``wikidata``)."""

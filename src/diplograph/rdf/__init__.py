"""RDF: mapping the extraction model to triples, validating them, reasoning over them."""

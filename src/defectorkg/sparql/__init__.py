"""The query catalogue over rdflib, an Oxigraph store or a SPARQL endpoint."""

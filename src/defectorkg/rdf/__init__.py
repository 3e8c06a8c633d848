"""Records to RDF: vocabulary, mapping, validation against shapes/, export."""

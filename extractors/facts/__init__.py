"""Facts: what a read document states — metadata, counts, references, units, dates — each with
the evidence it came from. Built on the language layer and places; imports no `pipeline`."""

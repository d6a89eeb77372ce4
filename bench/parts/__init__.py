"""One module per part of the suite; each calls bench.registry.register when imported."""

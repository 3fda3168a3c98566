"""A minimal stand-in for the host's `ayon_server` package, just enough to import and test the addon's
server/ code without an AYON server. Only the names the addon uses exist; each behaves like the real one
at the level the tests observe (recorded calls instead of a database, Redis or HTTP)."""

"""Registry files into model objects: strict YAML, notice headers, schemas, the loader."""

"""The pipeline's stages, one module each, in the order `pipeline.py` runs them."""

"""Extract stage."""

"""Agreements and their texts: versions, diffs, merging, Word round trips and comments."""

"""The agreed policy file: model, TOML reader and writer, fingerprint, diff (private).

The public names live in [`spendrules.policy`][spendrules.policy].
"""

// Tests for TOML.

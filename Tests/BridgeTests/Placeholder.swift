// Tests for Bridge.

// Tests for Outbound.

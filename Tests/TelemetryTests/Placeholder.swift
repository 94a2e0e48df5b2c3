// Tests for Telemetry.

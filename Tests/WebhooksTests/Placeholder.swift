// Tests for Webhooks.

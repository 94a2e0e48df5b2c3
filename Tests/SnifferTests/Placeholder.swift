// Tests for Sniffer.

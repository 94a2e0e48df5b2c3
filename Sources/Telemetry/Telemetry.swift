// The Telemetry module: structured logs and Prometheus metrics.

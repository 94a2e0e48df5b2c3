import JSON

print("sniffer-bridge: not yet available")

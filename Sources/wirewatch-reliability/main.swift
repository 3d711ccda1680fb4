print("wirewatch-reliability: not yet implemented")

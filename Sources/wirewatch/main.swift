print("wirewatch: not yet implemented")

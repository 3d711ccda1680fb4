print("wirewatch-bench: not yet implemented")

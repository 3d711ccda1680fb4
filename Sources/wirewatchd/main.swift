print("wirewatchd")

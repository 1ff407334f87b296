print("liquidus")

bounds

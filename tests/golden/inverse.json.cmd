min_width 20 0.5; max_depth 4 0.5

min_width 20 0.5; min_width 1000 0.99; min_width 1e9 0.5
max_depth 4 0.5; max_depth 20 0.99; max_depth 1 0.5; max_depth 3 0.9

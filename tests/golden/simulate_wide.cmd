set input point weights he-uniform width 9 depth 400 trials 4000 seed 3; simulate

set input point depth 10 trials 2000 seed 2; simulate

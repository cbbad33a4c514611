set depth 3 trials 300 seed 5; simulate

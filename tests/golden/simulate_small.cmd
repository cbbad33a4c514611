set depth 5 trials 500 seed 7; simulate
simulate 300

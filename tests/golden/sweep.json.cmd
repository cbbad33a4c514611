set depth 2 trials 100; sweep depth 1 2

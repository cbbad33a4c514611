set depth 4 trials 300 seed 3; sweep width 1 4
set width 4; sweep radius 0 1 0.5

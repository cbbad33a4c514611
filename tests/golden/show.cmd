show
set depth 7 width 3,2; show depth width input

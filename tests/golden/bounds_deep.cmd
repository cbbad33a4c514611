set depth 1e9 width 60; bounds
set width 4; bounds

set width 8,4,2 depth 5; bounds
set input orthant; bounds

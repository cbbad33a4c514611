set bias zero; bounds
set input orthant; bounds

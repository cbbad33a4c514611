set input orthant; bounds

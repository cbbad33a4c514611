set input point; bounds
set bias zero; bounds

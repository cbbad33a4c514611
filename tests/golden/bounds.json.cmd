bounds
set input orthant depth 10; bounds
set weights rai; bounds

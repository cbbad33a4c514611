set weights rai; bounds
set weights mirrored; bounds
set weights he-normal bias 0.1 signflip on; bounds

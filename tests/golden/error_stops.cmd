show depth; set depth 0; show depth

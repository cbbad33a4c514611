set depth 5; set depth 0

"""The graph as networkx views, their file formats and drawings."""

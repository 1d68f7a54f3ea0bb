"""Map exports: VOSviewer map, network and JSON files (vosviewer), GEXF and GraphML (graph)."""

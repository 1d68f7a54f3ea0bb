"""Map figures drawn as VOSviewer draws them: network, overlay, item and cluster density.

Input contract: a map table (``id``, ``label``, ``x``, ``y``, ``cluster``, ``weight<...>``,
``score<...>`` columns as in VOSviewer's map files) and a links table (``source``, ``target``,
``strength``). Every figure function returns a matplotlib Figure on an Agg canvas;
:func:`save_figure` writes PNG/SVG/PDF reproducibly and :func:`draw_map_figures` does all four.
"""

from bibliomap.figures.density import cluster_density_figure, density_figure
from bibliomap.figures.draw import FIGURES, draw_map_figures
from bibliomap.figures.kernel import average_distance, density_grid
from bibliomap.figures.labels import layout_labels, visible_labels
from bibliomap.figures.links import strongest_links
from bibliomap.figures.network import network_figure
from bibliomap.figures.overlay import overlay_figure
from bibliomap.figures.palette import CLUSTER_COLORS, UNASSIGNED_COLOR, cluster_color
from bibliomap.figures.save import FORMATS, save_figure
from bibliomap.figures.style import MapStyle

__all__ = [
    "CLUSTER_COLORS",
    "FIGURES",
    "FORMATS",
    "UNASSIGNED_COLOR",
    "MapStyle",
    "average_distance",
    "cluster_color",
    "cluster_density_figure",
    "density_figure",
    "density_grid",
    "draw_map_figures",
    "layout_labels",
    "network_figure",
    "overlay_figure",
    "save_figure",
    "strongest_links",
    "visible_labels",
]

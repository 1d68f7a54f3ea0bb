"""The study report: one self-contained HTML file per variant, and the variant comparison."""

from bibliomap.report.build import MapFiles, ReportInputs, build_report, read_table, write_report
from bibliomap.report.compare import (
    compare_clusterings,
    map_summary,
    normalized_mutual_information,
)

__all__ = [
    "MapFiles",
    "ReportInputs",
    "build_report",
    "compare_clusterings",
    "map_summary",
    "normalized_mutual_information",
    "read_table",
    "write_report",
]

"""The ``bibliomap map`` command: inputs, outputs, options and determinism."""

from __future__ import annotations

import polars as pl

from bibliomap import network as network_folder
from bibliomap.cli import main
from bibliomap.export.folder import MAP_FILES
from bibliomap.export.vosviewer import read_map_file, read_vosviewer

ANONYMITY = "vosviewer_reference/anonymity_keywords/anonymity_"


def _vosviewer_args(shared_data):
    return [
        "--vosviewer-map", str(shared_data(ANONYMITY + "map.txt")),
        "--vosviewer-network", str(shared_data(ANONYMITY + "ntwrk.txt")),
    ]  # fmt: skip


def test_map_from_vosviewer_files_reproduces_vosviewer(shared_data, tmp_path):
    args = ["map", *_vosviewer_args(shared_data), "--repulsion", "0", "--layout-random-starts"]
    assert main([*args, "10", "-o", str(tmp_path / "a"), "--stability-seeds", "2"]) == 0
    assert main([*args, "10", "-o", str(tmp_path / "b"), "--stability-seeds", "2"]) == 0
    for name in (*MAP_FILES, "stability.csv", "stability_pairs.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    ours = pl.read_parquet(tmp_path / "a" / "map.parquet")
    reference = read_map_file(shared_data(ANONYMITY + "map.txt"))
    assert ours["cluster"].to_list() == reference["cluster"].to_list()
    assert {"id", "label", "x", "y", "cluster"} <= set(ours.columns)
    assert pl.read_csv(tmp_path / "a" / "stability.csv")["items"].to_list() == [7, 6, 4]


def test_map_from_a_network_folder_with_sweep(shared_data, tmp_path):
    net = read_vosviewer(shared_data(ANONYMITY + "map.txt"), shared_data(ANONYMITY + "ntwrk.txt"))
    network_folder.save(net, tmp_path / "net")
    out = tmp_path / "map"
    code = main(
        [
            "map",
            str(tmp_path / "net"),
            "-o",
            str(out),
            "--sweep",
            "0.5,1,2",
            "--min-cluster-size",
            "5",
        ]
    )
    assert code == 0
    sweep = pl.read_csv(out / "sweep.csv")
    assert sweep["resolution"].to_list() == [0.5, 1.0, 2.0]
    assert {p.name for p in out.glob("sweep.*")} == {
        "sweep.csv",
        "sweep.png",
        "sweep.svg",
        "sweep.pdf",
    }
    sizes = pl.read_parquet(out / "map.parquet")["cluster"].value_counts()["count"]
    assert sizes.min() >= 5  # the cluster of 4 was merged


def test_bad_input_exits_with_a_message(tmp_path, capsys):
    assert main(["map", str(tmp_path), "-o", str(tmp_path / "out")]) == 2
    assert "not a network folder" in capsys.readouterr().err
    assert main(["map", "-o", str(tmp_path / "out")]) == 2
    assert "VOSviewer map file" in capsys.readouterr().err
    (tmp_path / "net.txt").write_text("1\t2\t1\n")
    args = ["map", "--vosviewer-network", str(tmp_path / "net.txt"), "-o", str(tmp_path / "o")]
    assert main([*args, "--sweep", "a,b"]) == 2
    assert main([*args, "--repulsion", "3"]) == 2  # attraction 2 must exceed repulsion

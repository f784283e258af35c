"""Reading the TSV files the benchmark scripts write (shared by bench/peers/report.py and bench/pdf/report.py)."""


def read_tsv(path, ncols):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                cols = line.split("\t")
                rows.append(cols + [""] * (ncols - len(cols)))
    return rows

#!/usr/bin/python3
"""Side-by-side table of one bench/run.sh run, as Markdown, and optionally a
TSV of the figures and a plot of the ratios (gnuplot; PNG or SVG by the file name).

    table.py WORKDIR [--tsv FILE] [--plot FILE.svg]

WORKDIR holds "name value unit" files from p11forge-bench and raw-*, and
optionally "order", the operations' names in the order to show them.
A ratio > 1 always means the first module named is better: for rates it is
ours / theirs, for times (ms) and memory (MiB of resident size) theirs / ours.
"""
import argparse
import os
import subprocess
import tempfile

COLUMNS = [  # file, heading
    ("p11forge-mbedtls", "p11forge mbedTLS"),
    ("raw-mbedtls", "raw mbedTLS"),
    ("p11forge-openssl", "p11forge OpenSSL"),
    ("raw-openssl", "raw OpenSSL"),
    ("softhsm", "SoftHSMv2"),
]
# Only with bench/run.sh --baseline: the same modules built from another checkout.
BASELINE_COLUMNS = [
    ("before-mbedtls", "before mbedTLS"),
    ("before-openssl", "before OpenSSL"),
]
RATIOS = [  # heading, numerator column, denominator column
    ("mbedTLS ÷ raw", "p11forge-mbedtls", "raw-mbedtls"),
    ("OpenSSL ÷ raw", "p11forge-openssl", "raw-openssl"),
    ("OpenSSL ÷ SoftHSM", "p11forge-openssl", "softhsm"),
    ("mbedTLS ÷ SoftHSM", "p11forge-mbedtls", "softhsm"),
]
BASELINE_RATIOS = [
    ("mbedTLS ÷ before", "p11forge-mbedtls", "before-mbedtls"),
    ("OpenSSL ÷ before", "p11forge-openssl", "before-openssl"),
]
LOWER_IS_BETTER = {"ms", "MiB"}


def read(path):
    out = {}
    if os.path.exists(path):
        for line in open(path):
            parts = line.split()
            if len(parts) == 3:
                out[parts[0]] = (float(parts[1]), parts[2])
    return out


def ratio(a, b, unit):
    if a is None or b is None or a == 0 or b == 0:
        return None
    return b / a if unit in LOWER_IS_BETTER else a / b


def main():
    p = argparse.ArgumentParser()
    p.add_argument("work")
    p.add_argument("--tsv")
    p.add_argument("--plot")
    args = p.parse_args()
    if os.path.exists(os.path.join(args.work, "before-mbedtls.txt")):
        COLUMNS.extend(BASELINE_COLUMNS)
        RATIOS.extend(BASELINE_RATIOS)
    data = {key: read(os.path.join(args.work, key + ".txt")) for key, _ in COLUMNS}
    order = os.path.join(args.work, "order")
    names = [l.strip() for l in open(order)] if os.path.exists(order) else list(data["p11forge-mbedtls"])
    for key, _ in COLUMNS:  # operations only some columns have, in their order
        names += [n for n in data[key] if n not in names]

    def value(key, name):
        v = data[key].get(name)
        return v[0] if v else None

    def unit(name):
        for key, _ in COLUMNS:
            if name in data[key]:
                return data[key][name][1]
        return ""

    fmt = lambda x: "–" if x is None else (f"{x:,.0f}" if x >= 100 else f"{x:,.1f}")
    rfmt = lambda x: "–" if x is None else f"{x:.2f}"
    head = ["operation", "unit"] + [h for _, h in COLUMNS] + [h for h, _, _ in RATIOS]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * 2 + "---:|" * (len(head) - 2))
    rows = []
    for name in names:
        u = unit(name)
        values = [value(key, name) for key, _ in COLUMNS]
        ratios = [ratio(value(a, name), value(b, name), u) for _, a, b in RATIOS]
        rows.append((name, u, values, ratios))
        print("| " + " | ".join([name, u] + [fmt(v) for v in values] + [rfmt(r) for r in ratios]) + " |")

    if args.tsv:
        with open(args.tsv, "w") as f:
            f.write("\t".join(["operation", "unit"] + [k for k, _ in COLUMNS] + [h for h, _, _ in RATIOS]) + "\n")
            for name, u, values, ratios in rows:
                cells = ["" if x is None else f"{x:.3f}" for x in values + ratios]
                f.write("\t".join([name, u] + cells) + "\n")
    if args.plot:
        plot(rows, args.plot)


def plot(rows, out):
    # Three ratios per operation; operations without a SoftHSM figure are skipped.
    picked = [(n, r) for n, _, _, r in rows if r[2] is not None]
    with tempfile.NamedTemporaryFile("w", suffix=".dat", delete=False) as f:
        for name, r in picked:
            cells = ["NaN" if x is None else f"{x:.4f}" for x in (r[2], r[1], r[0])]
            f.write(f'"{name}" ' + " ".join(cells) + "\n")
        dat = f.name
    terminal = ('set terminal pngcairo size 1200,740 font "sans,10" background rgb "white"' if out.endswith(".png")
                else 'set terminal svg size 1200,740 dynamic font "sans,11" background rgb "white"')
    script = f"""
{terminal}
set output "{out}"
set title "p11forge ratios, one run of bench/run.sh (> 1: p11forge faster or smaller)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set logscale y 2
set yrange [0.05:*]
set ylabel "ratio (log scale)"
set xtics rotate by 90 right font ",10" nomirror
set bmargin 19
set grid ytics
set key outside top center horizontal
set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 2 lc rgb "black"
plot "{dat}" using 2:xtic(1) title "p11forge OpenSSL / SoftHSMv2", \\
     "" using 3 title "p11forge OpenSSL / raw OpenSSL", \\
     "" using 4 title "p11forge mbedTLS / raw mbedTLS"
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    os.unlink(dat)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Soak plots as one SVG (no plotting library needed): per-service RSS, threads, open files,
old-generation occupancy and Kafka lag over time from load-test.sh's resource samples, and the served rate
and p50/p99 latency per second from the load generator's samples.

    python3 bench/load/plot.py RESOURCES.csv REQUESTS.csv OUT.svg
"""
import csv
import sys
from collections import defaultdict

WIDTH, HEIGHT, PAD = 560, 200, 48
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def panel(title, series, x0, y0):
    """One line chart: series is {name: [(t, v), ...]}, t in minutes."""
    points = [p for values in series.values() for p in values if p[1] is not None]
    out = [f'<g transform="translate({x0},{y0})">',
           f'<text x="{PAD}" y="14" font-size="13" font-weight="bold">{title}</text>']
    if not points:
        out.append(f'<text x="{PAD}" y="60" font-size="12">no data</text></g>')
        return "\n".join(out)
    tmax = max(p[0] for p in points) or 1
    vmax = max(p[1] for p in points) * 1.1 or 1
    w, h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    out.append(f'<rect x="{PAD}" y="{PAD}" width="{w}" height="{h}" fill="none" stroke="#999"/>')
    for i in range(5):
        v = vmax * i / 4
        y = PAD + h - h * i / 4
        out.append(f'<text x="{PAD - 4}" y="{y + 4}" font-size="10" text-anchor="end">{v:.0f}</text>')
        out.append(f'<line x1="{PAD}" y1="{y}" x2="{PAD + w}" y2="{y}" stroke="#eee"/>')
    for i in range(5):
        t = tmax * i / 4
        x = PAD + w * i / 4
        out.append(f'<text x="{x}" y="{PAD + h + 14}" font-size="10" text-anchor="middle">{t:.0f} min</text>')
    for k, (name, values) in enumerate(sorted(series.items())):
        colour = COLOURS[k % len(COLOURS)]
        path = " ".join(f"{PAD + w * t / tmax:.1f},{PAD + h - h * v / vmax:.1f}"
                        for t, v in values if v is not None)
        if path:
            out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{path}"/>')
        out.append(f'<text x="{PAD + w + 4}" y="{PAD + 12 * k + 10}" font-size="10" fill="{colour}">{name}</text>')
    out.append("</g>")
    return "\n".join(out)


def main(resources_csv, requests_csv, out_svg):
    resources = list(csv.DictReader(open(resources_csv)))
    requests = list(csv.DictReader(open(requests_csv)))
    t0 = min([int(r["epoch_s"]) for r in resources] + [int(r["epoch_s"]) for r in requests])
    panels = []
    for column, title in [("rss_mb", "RSS (MiB)"), ("old_gen_mb", "old generation in use (MiB)"),
                          ("threads", "threads"), ("fds", "open file descriptors"),
                          ("kafka_lag", "Kafka consumer lag (records, max)")]:
        series = defaultdict(list)
        for r in resources:
            series[r["service"]].append(((int(r["epoch_s"]) - t0) / 60, number(r[column])))
        panels.append((title, series))
    served = {"2xx/s": [((int(r["epoch_s"]) - t0) / 60, number(r["ok"])) for r in requests]}
    latency = {q: [((int(r["epoch_s"]) - t0) / 60, number(r[q + "_ms"])) for r in requests]
               for q in ("p50", "p99")}
    panels.append(("served requests per second", served))
    panels.append(("latency of served requests (ms)", latency))
    width = 2 * (WIDTH + 110)
    rows = (len(panels) + 1) // 2
    body = [panel(title, series, (i % 2) * (WIDTH + 110), (i // 2) * HEIGHT)
            for i, (title, series) in enumerate(panels)]
    with open(out_svg, "w") as f:
        f.write(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{rows * HEIGHT}" '
                f'font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n')
        f.write("\n".join(body))
        f.write("\n</svg>\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])

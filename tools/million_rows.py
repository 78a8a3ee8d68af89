#!/usr/bin/env python3
"""Writes a GeoNames-dump-format file of N rows (default 1,000,000) for load timing.

    python3 tools/million_rows.py ../shared/data/geonames/cities500.txt /tmp/million.txt

Rows are the input's rows repeated until N; each repetition after the first gets new ids
and a suffix on the name, so the gazetteer holds N distinct records.
"""
import sys


def main(src, dst, n=1_000_000):
    rows = [l.rstrip("\n").split("\t") for l in open(src, encoding="utf-8") if l.strip()]
    written = 0
    with open(dst, "w", encoding="utf-8") as out:
        k = 0
        while written < n:
            for f in rows:
                if written >= n:
                    break
                g = list(f)
                if k:
                    g[0] = str(int(g[0]) + 20_000_000 * k)
                    g[1] = "%s %s" % (g[1], "ABCDEFGHIJ"[k % 10])
                out.write("\t".join(g) + "\n")
                written += 1
            k += 1
    print("%d rows -> %s" % (written, dst))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000)

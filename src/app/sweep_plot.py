# Draws one figure of a kernbench sweep with matplotlib. Run by
# `kernbench sweep plot` as `python3 -c <this> DATA.json`; DATA.json holds
# the kind, labels, output file and the series (sweep_plot.hpp).
import json
import sys

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError as e:
    sys.stderr.write("matplotlib is not available to this Python (%s)\n" % e)
    sys.exit(3)

matplotlib.rcParams["svg.hashsalt"] = "kernbench"
with open(sys.argv[1]) as f:
    d = json.load(f)

fig, ax = plt.subplots(figsize=(7.0, 4.5))
xs_all = [p[0] for s in d["series"] for p in s["points"]]
ys_all = [p[1] for s in d["series"] for p in s["points"]]


def wide(values):
    pos = [v for v in values if v > 0]
    return len(pos) == len(values) and len(pos) > 1 and max(pos) / min(pos) >= 8


if d["kind"] == "roofline":
    ax.set_xscale("log")
    ax.set_yscale("log")
    lo, hi = min(xs_all) / 4, max(xs_all) * 4
    for c in d["ceilings"]:
        knee = c["peak_flops"] / c["peak_bytes"]
        xs = [lo, knee, hi] if lo < knee < hi else [lo, hi]
        ax.plot(xs, [min(c["peak_flops"], x * c["peak_bytes"]) for x in xs],
                color="0.35", linewidth=1, linestyle="--")
        ax.annotate(c["name"], (hi, c["peak_flops"]), ha="right", va="bottom",
                    fontsize=8, color="0.35")
    for s in d["series"]:
        ax.scatter([p[0] for p in s["points"]], [p[1] for p in s["points"]],
                   label=s["name"], s=18)
elif d["kind"] == "pareto":
    for s in d["series"]:
        if s["name"] == "Pareto front":
            pts = sorted(s["points"])
            ax.step([p[0] for p in pts], [p[1] for p in pts], where="post",
                    color="black", linewidth=1.2)
            ax.scatter([p[0] for p in pts], [p[1] for p in pts], color="black",
                       s=26, label=s["name"], zorder=3)
        else:
            ax.scatter([p[0] for p in s["points"]], [p[1] for p in s["points"]],
                       label=s["name"], s=14, alpha=0.6)
    if wide(xs_all):
        ax.set_xscale("log", base=2)
    if wide(ys_all):
        ax.set_yscale("log")
else:
    for s in d["series"]:
        pts = sorted(s["points"])
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", markersize=4,
                label=s["name"])
    if wide(xs_all):
        ax.set_xscale("log", base=2)

for axis, scale in (("x", ax.get_xscale()), ("y", ax.get_yscale())):
    if scale == "linear":
        ax.ticklabel_format(axis=axis, style="sci", scilimits=(-3, 4))
ax.set_xlabel(d["x_label"])
ax.set_ylabel(d["y_label"])
ax.set_title(d["title"], fontsize=10)
ax.grid(True, which="major", linewidth=0.4, alpha=0.6)
if len(d["series"]) > 1 or d["kind"] != "line":
    ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig(d["out"], metadata={"Date": None} if d["out"].endswith(".svg") else None)

// Sluice Board charts: draws one card's series as SVG (axes, nice ticks, raw + smoothed paths, log scale) and its
// hover tooltip. Uses the page state and colours from board.js; no dependencies.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const MARGIN = { left: 58, right: 14, top: 10, bottom: 30 };

function xOf(point, series) {
  if (state.xAxis === "step") return point[1];
  if (state.xAxis === "relative") return (point[0] - series.points[0][0]) / 3600;
  return point[0] * 1000;
}

function svgElement(name, attributes, parent) {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (parent) parent.append(element);
  return element;
}

function draw(card) {
  const svg = card.svg;
  svg.replaceChildren();
  const width = svg.clientWidth || 480, height = svg.clientHeight || 230;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const data = card.data;
  const logY = effectiveLogY(card);
  const series = (data ? data.series : []).filter((s) => s.points.length > 0);
  if (data && data.error) return note(svg, width, height, `Could not load: ${data.error}`);
  if (series.length === 0) return note(svg, width, height, data ? "No data for the selected runs" : "Loading…");

  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (const s of series) {
    for (const p of s.points) {
      const x = xOf(p, s);
      xMin = Math.min(xMin, x); xMax = Math.max(xMax, x);
      for (const y of [p[2], p[3]]) {
        if (!Number.isFinite(y) || (logY && y <= 0)) continue;
        yMin = Math.min(yMin, y); yMax = Math.max(yMax, y);
      }
    }
  }
  if (!Number.isFinite(yMin)) return note(svg, width, height, logY ? "No positive values to draw on a log scale" : "No finite values");
  if (xMin === xMax) { xMin -= 1; xMax += 1; }
  if (yMax - yMin <= Math.abs(yMax) * 1e-9) { yMax = yMin; const pad = Math.abs(yMin) * 0.1 || 1; yMin = logY ? yMin / 2 : yMin - pad; yMax += pad; }
  else if (!logY) { const pad = (yMax - yMin) * 0.05; yMin -= pad; yMax += pad; }

  const plot = { left: MARGIN.left, right: width - MARGIN.right, top: MARGIN.top, bottom: height - MARGIN.bottom };
  const sx = (x) => plot.left + (x - xMin) / (xMax - xMin) * (plot.right - plot.left);
  const ly = (y) => logY ? Math.log10(y) : y;
  const yLow = ly(yMin), yHigh = ly(yMax);
  const sy = (y) => plot.bottom - (ly(y) - yLow) / (yHigh - yLow) * (plot.bottom - plot.top);
  card.scale = { sx, sy, xMin, xMax, plot, logY };

  drawAxes(svg, plot, sx, sy, xMin, xMax, yMin, yMax, logY);
  for (const s of series) {
    const color = colorOf(s.run);
    for (const [kind, index] of [["raw", 2], ["smoothed", 3]]) {
      const d = pathData(s, index, sx, sy, logY);
      svgElement("path", { class: `line ${kind}`, d, stroke: color, "data-run": s.run, "data-points": String(s.points.length),
        "data-total": String(s.total) }, svg);
    }
    if (s.points.length === 1) {
      const p = s.points[0];
      svgElement("circle", { cx: sx(xOf(p, s)), cy: sy(p[3]), r: 3, fill: color, "data-run": s.run }, svg);
    }
  }
  card.hoverLine = svgElement("line", { class: "hover-line", x1: 0, x2: 0, y1: plot.top, y2: plot.bottom, visibility: "hidden" }, svg);
}

function note(svg, width, height, text) {
  const t = svgElement("text", { class: "empty-note", x: width / 2, y: height / 2, "text-anchor": "middle" }, svg);
  t.textContent = text;
}

function pathData(series, index, sx, sy, logY) {
  let d = "", pen = "M";
  for (const p of series.points) {
    const y = p[index];
    if (!Number.isFinite(y) || (logY && y <= 0)) { pen = "M"; continue; } // break the line at gaps
    d += `${pen}${sx(xOf(p, series)).toFixed(1)},${sy(y).toFixed(1)}`;
    pen = "L";
  }
  return d;
}

function drawAxes(svg, plot, sx, sy, xMin, xMax, yMin, yMax, logY) {
  const yTicks = logY ? logTicks(yMin, yMax) : niceTicks(yMin, yMax, 5);
  for (const y of yTicks) {
    const py = sy(y);
    svgElement("line", { class: "grid", x1: plot.left, x2: plot.right, y1: py, y2: py }, svg);
    const label = svgElement("text", { class: "tick", x: plot.left - 6, y: py + 4, "text-anchor": "end" }, svg);
    label.textContent = formatValue(y);
  }
  const xTicks = state.xAxis === "wall" ? timeTicks(xMin, xMax) : niceTicks(xMin, xMax, 6);
  for (const x of xTicks) {
    const px = sx(x);
    svgElement("line", { class: "grid", x1: px, x2: px, y1: plot.top, y2: plot.bottom }, svg);
    const label = svgElement("text", { class: "tick", x: px, y: plot.bottom + 16, "text-anchor": "middle" }, svg);
    label.textContent = formatX(x, xMax - xMin);
  }
  svgElement("line", { class: "axis", x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom }, svg);
  svgElement("line", { class: "axis", x1: plot.left, x2: plot.left, y1: plot.top, y2: plot.bottom }, svg);
}

function niceTicks(min, max, count) {
  const span = max - min;
  const rough = span / count;
  const magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => span / s <= count) || 10 * magnitude;
  const ticks = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

function logTicks(min, max) {
  const ticks = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    const t = Math.pow(10, e);
    if (t >= min && t <= max) ticks.push(t);
  }
  return ticks.length >= 2 ? ticks : niceTicks(min, max, 4).filter((t) => t > 0);
}

function timeTicks(minMs, maxMs) {
  const steps = [1e3, 5e3, 15e3, 6e4, 3e5, 9e5, 36e5, 3 * 36e5, 6 * 36e5, 864e5, 7 * 864e5];
  const step = steps.find((s) => (maxMs - minMs) / s <= 6) || 30 * 864e5;
  const ticks = [];
  for (let t = Math.ceil(minMs / step) * step; t <= maxMs; t += step) ticks.push(t);
  return ticks;
}

function formatValue(v) {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const abs = Math.abs(v);
  if (abs >= 1e5 || abs < 1e-3) return v.toExponential(2).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(4)));
}

function formatX(x, span) {
  if (state.xAxis === "wall") {
    const date = new Date(x);
    return span > 864e5 ? date.toLocaleDateString() : date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: span < 6e5 ? "2-digit" : undefined });
  }
  if (state.xAxis === "relative") return `${formatValue(x)}h`;
  return Math.abs(x) >= 1e4 ? `${formatValue(x / 1000)}k` : formatValue(x);
}

// ---------- tooltip ----------

function attachTooltip(card) {
  const tooltip = $("tooltip");
  card.svg.addEventListener("mousemove", (event) => {
    if (!card.data || !card.scale || card.data.series.length === 0) return;
    const rect = card.svg.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const { sx, plot } = card.scale;
    if (px < plot.left || px > plot.right) { hideTooltip(card); return; }
    const rows = [];
    let nearestX = null;
    for (const s of card.data.series) {
      if (s.points.length === 0) continue;
      const p = nearestPoint(s, px, sx);
      const x = sx(xOf(p, s));
      if (nearestX === null || Math.abs(x - px) < Math.abs(nearestX - px)) nearestX = x;
      rows.push({ run: s.run, p, first: s.points[0][0], distance: Math.abs(x - px) });
    }
    rows.sort((a, b) => a.distance - b.distance);
    card.hoverLine.setAttribute("x1", nearestX);
    card.hoverLine.setAttribute("x2", nearestX);
    card.hoverLine.setAttribute("visibility", "visible");
    tooltip.innerHTML = `<table><tr><th></th><th>Run</th><th>Smoothed</th><th>Value</th><th>Step</th><th>Time</th><th>Relative</th></tr>${
      rows.slice(0, 12).map((r) => `<tr><td><span class="swatch" style="display:inline-block;background:${colorOf(r.run)}"></span></td>` +
        `<td>${escapeHtml(r.run)}</td><td>${formatValue(r.p[3])}</td><td>${formatValue(r.p[2])}</td><td>${r.p[1]}</td>` +
        `<td>${new Date(r.p[0] * 1000).toLocaleString()}</td><td>${formatDuration(r.p[0] - r.first)}</td></tr>`).join("")}</table>`;
    tooltip.hidden = false;
    const left = Math.min(event.clientX + 16, window.innerWidth - tooltip.offsetWidth - 8);
    tooltip.style.left = `${Math.max(8, left)}px`;
    tooltip.style.top = `${event.clientY + 16}px`;
  });
  card.svg.addEventListener("mouseleave", () => hideTooltip(card));
}

function hideTooltip(card) {
  $("tooltip").hidden = true;
  if (card.hoverLine) card.hoverLine.setAttribute("visibility", "hidden");
}

function nearestPoint(series, px, sx) {
  let lo = 0, hi = series.points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sx(xOf(series.points[mid], series)) < px) lo = mid; else hi = mid;
  }
  const a = series.points[lo], b = series.points[hi];
  return Math.abs(sx(xOf(a, series)) - px) <= Math.abs(sx(xOf(b, series)) - px) ? a : b;
}

function formatDuration(seconds) {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  if (seconds < 3600) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(2)} hr`;
}


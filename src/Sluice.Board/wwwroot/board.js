// Sluice Board: the scalars dashboard. Plain script, no dependencies: it polls /api/runs, lays out one card per tag
// grouped by the prefix before the first '/', and draws each chart as SVG from /api/scalars (smoothed and
// downsampled on the server). Charts are fetched only when scrolled into view, so hundreds of runs stay light.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const PALETTE = ["#e8710a", "#1a73e8", "#12b5cb", "#e52592", "#9334e6", "#0f9d58", "#f9ab00", "#795548",
  "#5f6368", "#c5221f", "#185abc", "#188038", "#b31412", "#a142f4", "#00838f", "#ef6c00"];
const MARGIN = { left: 58, right: 14, top: 10, bottom: 30 };

const state = {
  runs: [],                 // [{name, tags, points, error}] from the server, sorted by name
  colors: new Map(),        // run name -> colour (stable by first appearance)
  deselected: new Set(),    // runs the user unticked (new runs start ticked)
  runFilter: null,          // RegExp or null
  tagFilter: null,          // RegExp or null
  smoothing: 0.6,
  xAxis: "step",
  logY: false,
  showDownloads: false,
  cards: new Map(),         // tag -> card
  reloadSeconds: 5,
  loading: true,
};

const $ = (id) => document.getElementById(id);

// ---------- runs ----------

function visibleRuns() {
  return state.runs.filter((r) => isRunShown(r.name) && !state.deselected.has(r.name)).map((r) => r.name);
}

function isRunShown(name) {
  return !state.runFilter || state.runFilter.test(name);
}

function colorOf(run) {
  if (!state.colors.has(run)) state.colors.set(run, PALETTE[state.colors.size % PALETTE.length]);
  return state.colors.get(run);
}

function renderRunList() {
  const list = $("run-list");
  const existing = new Map([...list.children].map((li) => [li.dataset.run, li]));
  for (const run of state.runs) {
    let li = existing.get(run.name);
    if (!li) {
      li = document.createElement("li");
      li.dataset.run = run.name;
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = !state.deselected.has(run.name);
      box.addEventListener("change", () => {
        if (box.checked) state.deselected.delete(run.name); else state.deselected.add(run.name);
        onSelectionChanged();
      });
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = colorOf(run.name);
      const label = document.createElement("span");
      label.className = "run-name";
      label.textContent = run.name;
      li.append(box, swatch, label);
      list.append(li);
    }
    let mark = li.querySelector(".run-error");
    if (run.error && !mark) {
      mark = document.createElement("span");
      mark.className = "run-error";
      mark.textContent = "!";
      li.append(mark);
    }
    if (mark) mark.title = run.error || "";
    li.hidden = !isRunShown(run.name);
  }
  const shown = state.runs.filter((r) => isRunShown(r.name));
  $("toggle-all").checked = shown.length > 0 && shown.every((r) => !state.deselected.has(r.name));
}

// ---------- messages and status ----------

function showMessage(html, isError) {
  const box = $("message");
  box.innerHTML = html;
  box.className = isError ? "message error" : "message";
  box.hidden = false;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function renderMessages(data) {
  const box = $("message");
  if (data.error) {
    showMessage(`<h3>Cannot read the logdir</h3>${escapeHtml(data.error)}`, true);
  } else if (data.runs.length === 0 && data.loading) {
    showMessage(`<h3>Loading…</h3>Reading event files under <code>${escapeHtml(data.logdir)}</code>.`, false);
  } else if (data.runs.length === 0) {
    showMessage(`<h3>No runs yet</h3>No event files were found under <code>${escapeHtml(data.logdir)}</code>. ` +
      `Train with <code>--model-dir</code> inside this directory; runs appear here as soon as they write events ` +
      `(checked every ${data.reloadIntervalSeconds} s).`, false);
  } else {
    const broken = data.runs.filter((r) => r.error);
    if (broken.length > 0) {
      showMessage(`<h3>Some event files could not be read</h3>` +
        broken.map((r) => `<div><b>${escapeHtml(r.name)}</b>: ${escapeHtml(r.error)}</div>`).join("") +
        `<div>Data before the damaged record is shown.</div>`, true);
    } else if (allTags().length === 0) {
      showMessage(`<h3>No scalars yet</h3>The runs have event files but no scalar summaries so far.`, false);
    } else {
      box.hidden = true;
    }
  }
  const runs = data.runs.length;
  $("status").textContent = data.loading
    ? `Loading… ${data.runsLoaded} run(s) read`
    : `${runs} run${runs === 1 ? "" : "s"} · updated ${new Date().toLocaleTimeString()}`;
}

// ---------- tags, groups and cards ----------

function allTags() {
  const tags = new Set();
  for (const run of state.runs) for (const tag of run.tags) tags.add(tag);
  return [...tags].sort();
}

function groupOf(tag) {
  const slash = tag.indexOf("/");
  return slash < 0 ? tag : tag.slice(0, slash);
}

function renderGroups() {
  const container = $("groups");
  for (const tag of allTags()) {
    if (state.cards.has(tag)) continue;
    const groupName = groupOf(tag);
    let group = container.querySelector(`details.group[data-group="${CSS.escape(groupName)}"]`);
    if (!group) {
      group = document.createElement("details");
      group.className = "group";
      group.open = true;
      group.dataset.group = groupName;
      group.innerHTML = `<summary><span class="group-name"></span><span class="count"></span></summary><div class="cards"></div>`;
      group.querySelector(".group-name").textContent = groupName;
      const following = [...container.children].find((g) => g.dataset.group > groupName);
      container.insertBefore(group, following || null);
    }
    const cards = group.querySelector(".cards");
    const card = createCard(tag);
    const following = [...cards.children].find((c) => c.dataset.tag > tag);
    cards.insertBefore(card.element, following || null);
    state.cards.set(tag, card);
  }
  applyTagFilter();
}

function applyTagFilter() {
  for (const group of $("groups").children) {
    let shown = 0;
    for (const element of group.querySelectorAll(".card")) {
      const visible = !state.tagFilter || state.tagFilter.test(element.dataset.tag);
      element.hidden = !visible;
      if (visible) shown++;
    }
    group.hidden = shown === 0;
    group.classList.toggle("single", shown === 1); // one-chart groups sit side by side
    group.querySelector(".count").textContent = String(shown);
  }
}

function createCard(tag) {
  const element = document.createElement("div");
  element.className = "card";
  element.dataset.tag = tag;
  element.innerHTML = `
    <div class="card-head"><span class="card-title"></span>
      <button type="button" class="log-toggle" aria-pressed="false" title="Toggle y-axis log scale">log y</button></div>
    <svg class="chart" role="img"></svg>
    <div class="downloads" hidden>
      <select class="download-run" aria-label="Run to download"></select>
      <a class="download-csv" download>CSV</a>
      <a class="download-json" download>JSON</a>
    </div>`;
  element.querySelector(".card-title").textContent = tag;
  element.querySelector(".chart").setAttribute("aria-label", `Chart of ${tag}`);
  const card = { tag, element, svg: element.querySelector(".chart"), data: null, visible: false, stale: true,
    logY: null, versionKey: "" };
  const toggle = element.querySelector(".log-toggle");
  toggle.addEventListener("click", () => {
    card.logY = !effectiveLogY(card);
    toggle.setAttribute("aria-pressed", String(card.logY));
    draw(card);
  });
  element.querySelector(".download-run").addEventListener("change", () => updateDownloadLinks(card));
  observer.observe(element);
  attachTooltip(card);
  return card;
}

function effectiveLogY(card) {
  return card.logY === null ? state.logY : card.logY;
}

function updateDownloadLinks(card) {
  const box = card.element.querySelector(".downloads");
  box.hidden = !state.showDownloads;
  const select = box.querySelector(".download-run");
  const runs = state.runs.filter((r) => r.tags.includes(card.tag)).map((r) => r.name);
  const wanted = ["", ...runs];
  if ([...select.options].map((o) => o.value).join("\n") !== wanted.join("\n")) {
    const previous = select.value;
    select.innerHTML = "";
    for (const run of wanted) {
      const option = document.createElement("option");
      option.value = run;
      option.textContent = run === "" ? "All runs" : run;
      select.append(option);
    }
    select.value = wanted.includes(previous) ? previous : "";
  }
  for (const format of ["csv", "json"]) {
    const params = new URLSearchParams({ tag: card.tag, format });
    if (select.value !== "") params.set("run", select.value);
    box.querySelector(`.download-${format}`).href = `/api/scalars/download?${params}`;
  }
}

// Charts load when they scroll into view (and stay cheap while off screen).
const observer = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    const card = [...state.cards.values()].find((c) => c.element === entry.target);
    if (!card) continue;
    card.visible = entry.isIntersecting;
    if (card.visible && card.stale) refresh(card);
  }
}, { rootMargin: "200px" });

// ---------- data ----------

// While the server is still reading the logdir, a chart refreshes at most every few seconds: each refresh costs the
// server a pass over every run's series, and that time is better spent loading.
const LOADING_REFRESH_MS = 3000;

async function refresh(card) {
  if (state.loading && card.lastFetch && performance.now() - card.lastFetch < LOADING_REFRESH_MS) {
    card.stale = true;
    clearTimeout(card.refreshTimer);
    card.refreshTimer = setTimeout(() => { if (card.stale && card.visible) refresh(card); },
      LOADING_REFRESH_MS - (performance.now() - card.lastFetch));
    return;
  }
  card.lastFetch = performance.now();
  card.stale = false;
  const runs = visibleRuns().filter((name) => state.runs.find((r) => r.name === name).tags.includes(card.tag));
  const samples = Math.max(100, Math.min(1000, Math.round(card.svg.clientWidth || 500)));
  const params = new URLSearchParams({ tag: card.tag, smoothing: String(state.smoothing), samples: String(samples) });
  for (const run of runs) params.append("run", run);
  const requestKey = params.toString();
  card.requestKey = requestKey;
  if (runs.length === 0) {
    card.data = { tag: card.tag, series: [] };
    draw(card);
    return;
  }
  try {
    const response = await fetch(`/api/scalars?${params}`);
    if (!response.ok) throw new Error((await response.json()).error || response.statusText);
    const data = await response.json();
    if (card.requestKey !== requestKey) return; // a newer request superseded this one
    for (const series of data.series) series.points = series.points.map((p) => p.map(Number));
    card.data = data;
    draw(card);
  } catch (error) {
    card.data = { tag: card.tag, series: [], error: String(error.message || error) };
    draw(card);
  }
}

function markAllStale() {
  for (const card of state.cards.values()) {
    card.stale = true;
    if (card.visible) refresh(card);
  }
}

function onSelectionChanged() {
  renderRunList();
  markAllStale();
}

async function poll() {
  try {
    const response = await fetch("/api/runs");
    const data = await response.json();
    state.reloadSeconds = data.reloadIntervalSeconds;
    state.loading = data.loading;
    const previous = new Map(state.runs.map((r) => [r.name, r.points]));
    state.runs = data.runs;
    for (const run of data.runs) colorOf(run.name);
    renderRunList();
    renderGroups();
    renderMessages(data);
    const changed = new Set(data.runs.filter((r) => previous.get(r.name) !== r.points).map((r) => r.name));
    for (const card of state.cards.values()) {
      updateDownloadLinks(card);
      const touched = data.runs.some((r) => changed.has(r.name) && r.tags.includes(card.tag));
      if (touched || card.data === null) {
        card.stale = true;
        if (card.visible) refresh(card);
      }
    }
  } catch (error) {
    $("status").textContent = `Board server unreachable (${error.message}); retrying…`;
  }
  // While the server is still reading the logdir for the first time, look more often so data shows up early.
  const seconds = state.loading ? Math.min(1, state.reloadSeconds) : Math.min(state.reloadSeconds, 5);
  setTimeout(poll, Math.max(200, seconds * 1000));
}

// ---------- drawing ----------

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

// ---------- controls ----------

function parseRegex(text, errorBox) {
  const box = $(errorBox);
  if (text === "") { box.hidden = true; return { ok: true, regex: null }; }
  try {
    const regex = new RegExp(text, "i");
    box.hidden = true;
    return { ok: true, regex };
  } catch (error) {
    box.textContent = `Invalid regular expression: ${error.message}`;
    box.hidden = false;
    return { ok: false };
  }
}

function wireControls() {
  let smoothingTimer = null;
  const setSmoothing = (value) => {
    const v = Math.min(0.999, Math.max(0, Number(value) || 0));
    state.smoothing = v;
    $("smoothing").value = String(v);
    $("smoothing-value").value = String(v);
    clearTimeout(smoothingTimer);
    smoothingTimer = setTimeout(markAllStale, 120); // smoothing runs on the server over the full series
  };
  $("smoothing").addEventListener("input", (e) => setSmoothing(e.target.value));
  $("smoothing-value").addEventListener("change", (e) => setSmoothing(e.target.value));
  for (const radio of document.querySelectorAll("input[name=x-axis]")) {
    radio.addEventListener("change", () => {
      state.xAxis = radio.value;
      for (const card of state.cards.values()) draw(card);
    });
  }
  $("log-y").addEventListener("change", (e) => {
    state.logY = e.target.checked;
    for (const card of state.cards.values()) {
      card.logY = null;
      card.element.querySelector(".log-toggle").setAttribute("aria-pressed", String(state.logY));
      draw(card);
    }
  });
  $("show-downloads").addEventListener("change", (e) => {
    state.showDownloads = e.target.checked;
    for (const card of state.cards.values()) updateDownloadLinks(card);
  });
  $("run-filter").addEventListener("input", (e) => {
    const parsed = parseRegex(e.target.value, "run-filter-error");
    if (!parsed.ok) return;
    state.runFilter = parsed.regex;
    onSelectionChanged();
  });
  $("tag-filter").addEventListener("input", (e) => {
    const parsed = parseRegex(e.target.value, "tag-filter-error");
    if (!parsed.ok) return;
    state.tagFilter = parsed.regex;
    applyTagFilter();
  });
  $("toggle-all").addEventListener("change", (e) => {
    for (const run of state.runs.filter((r) => isRunShown(r.name))) {
      if (e.target.checked) state.deselected.delete(run.name); else state.deselected.add(run.name);
    }
    for (const li of $("run-list").children) li.querySelector("input").checked = !state.deselected.has(li.dataset.run);
    onSelectionChanged();
  });
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { for (const card of state.cards.values()) draw(card); }, 150);
  });
}

wireControls();
poll();

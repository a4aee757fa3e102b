// Sluice Board: the Data page. Renders a dataset profile written by `sluice data describe --format json` (given
// with `sluice board --profile`, or a *.profile.json under the logdir): one card per column with its statistics,
// an SVG histogram for numeric columns and the most frequent values for string columns.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const CHART_WIDTH = 420, CHART_HEIGHT = 150;

function el(name, attributes, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function histogramSvg(column) {
  const chart = el("svg", { class: "chart profile-histogram", viewBox: `0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`, role: "img",
    "aria-label": `Histogram of ${column.name}` });
  const bins = column.histogram;
  const left = 44, right = 8, top = 8, bottom = 22;
  const width = CHART_WIDTH - left - right, height = CHART_HEIGHT - top - bottom;
  const peak = Math.max(1, ...bins.map((b) => b.count));
  const barWidth = width / bins.length;
  bins.forEach((bin, i) => {
    const h = (bin.count / peak) * height;
    const bar = el("rect", { class: "bar", x: (left + i * barWidth + 0.5).toFixed(1), y: (top + height - h).toFixed(1),
      width: Math.max(0.5, barWidth - 1).toFixed(1), height: h.toFixed(1), "data-count": bin.count });
    bar.append(el("title", {}, `[${Board.formatNumber(bin.lower)}, ${Board.formatNumber(bin.upper)}): ${bin.count}`));
    chart.append(bar);
  });
  chart.append(el("line", { class: "axis", x1: left, y1: top + height, x2: left + width, y2: top + height }));
  chart.append(el("text", { class: "tick", x: left - 4, y: top + 8, "text-anchor": "end" }, Board.formatNumber(peak)));
  chart.append(el("text", { class: "tick", x: left - 4, y: top + height, "text-anchor": "end" }, "0"));
  chart.append(el("text", { class: "tick", x: left, y: CHART_HEIGHT - 6 }, Board.formatNumber(bins[0].lower)));
  chart.append(el("text", { class: "tick", x: left + width, y: CHART_HEIGHT - 6, "text-anchor": "end" }, Board.formatNumber(bins[bins.length - 1].upper)));
  return chart;
}

function topValuesSvg(column) {
  const values = column.topValues.slice(0, 10);
  const rowHeight = 16, labelWidth = 150;
  const chart = el("svg", { class: "chart profile-top-values", viewBox: `0 0 ${CHART_WIDTH} ${values.length * rowHeight + 4}`, role: "img",
    "aria-label": `Most frequent values of ${column.name}` });
  const peak = Math.max(1, ...values.map((v) => v.count));
  values.forEach((v, i) => {
    const y = 2 + i * rowHeight;
    const w = (v.count / peak) * (CHART_WIDTH - labelWidth - 50);
    chart.append(el("text", { class: "tick", x: labelWidth - 6, y: y + 11, "text-anchor": "end" }, v.value.length > 22 ? v.value.slice(0, 21) + "…" : v.value));
    chart.append(el("rect", { class: "bar cat", x: labelWidth, y: y + 1, width: w.toFixed(1), height: rowHeight - 3 }));
    chart.append(el("text", { class: "tick", x: labelWidth + w + 4, y: y + 11 }, Board.formatNumber(v.count)));
  });
  return chart;
}

function statsTable(column) {
  const rows = [["count", column.count], ["missing", column.missing],
    ["distinct", (column.distinctExact ? "" : "≈") + Board.formatNumber(column.distinct)]];
  for (const key of ["min", "max", "mean", "std", "q1", "median", "q3"]) {
    if (column[key] !== undefined && column[key] !== null) rows.push([key, column[key]]);
  }
  return `<table class="stats">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${Board.escapeHtml(Board.formatNumber(v))}</td></tr>`).join("")}</table>`;
}

function render(profile) {
  const summary = document.getElementById("profile-summary");
  summary.innerHTML = `<h2>${Board.escapeHtml(profile.file)}</h2><p>${Board.formatNumber(profile.rows)} rows · ` +
    `${profile.columns.length} columns · ${Board.escapeHtml(profile.format || "")}` +
    (profile.rowsSkipped ? ` · <span class="warn">${profile.rowsSkipped} malformed rows skipped</span>` : "") +
    (profile.schemaInferred ? " · schema inferred" : "") + `</p>` +
    (profile.errorBounds ? `<p class="hint">${Board.escapeHtml(profile.errorBounds)}</p>` : "");
  summary.hidden = false;
  const container = document.getElementById("columns");
  container.innerHTML = "";
  for (const column of profile.columns) {
    const numeric = column.type !== "string";
    const card = document.createElement("section");
    card.className = "card column";
    card.dataset.column = column.name;
    card.dataset.numeric = String(numeric);
    card.innerHTML = `<div class="card-head"><span class="card-title"></span><span class="type ${numeric ? "num" : "cat"}"></span></div>` +
      `<div class="column-body">${statsTable(column)}<div class="column-chart"></div></div>`;
    card.querySelector(".card-title").textContent = column.name;
    card.querySelector(".type").textContent = column.type;
    const chart = card.querySelector(".column-chart");
    if (numeric && column.histogram && column.histogram.length > 0) chart.append(histogramSvg(column));
    else if (!numeric && column.topValues && column.topValues.length > 0) chart.append(topValuesSvg(column));
    else chart.innerHTML = `<p class="hint">No values.</p>`;
    container.append(card);
  }
}

async function showProfile(entry) {
  const message = document.getElementById("message");
  if (entry.error) {
    document.getElementById("profile-summary").hidden = true;
    document.getElementById("columns").innerHTML = "";
    Board.showMessage(message, "This profile cannot be shown", Board.escapeHtml(entry.error), true);
    return;
  }
  const response = await Board.api(`api/profiles/data?${new URLSearchParams({ path: entry.path })}`);
  const body = await response.json();
  if (!response.ok) {
    Board.showMessage(message, "This profile cannot be shown", Board.escapeHtml(body.error || response.statusText), true);
    return;
  }
  message.hidden = true;
  render(body);
}

async function load() {
  const message = document.getElementById("message");
  const select = document.getElementById("profile-select");
  try {
    const { profiles } = await (await Board.api("api/profiles")).json();
    if (profiles.length === 0) {
      select.hidden = true;
      Board.showMessage(message, "No dataset profiles",
        "Profile a data file with <code>sluice data describe &lt;file&gt; --format json &gt; train.profile.json</code> " +
        "and start the board with <code>--profile train.profile.json</code>, or put the <code>*.profile.json</code> file under the logdir.", false);
      return;
    }
    select.innerHTML = "";
    profiles.forEach((p, i) => {
      const option = document.createElement("option");
      option.value = String(i);
      option.textContent = p.error ? `${p.name} (unreadable)` : p.name;
      option.title = p.path;
      select.append(option);
    });
    select.onchange = () => showProfile(profiles[Number(select.value)]);
    await showProfile(profiles[0]);
    document.getElementById("status").textContent = `${profiles.length} profile${profiles.length === 1 ? "" : "s"}`;
  } catch (error) {
    Board.showMessage(message, error.kind === "auth" ? "API key needed" : "Board server unreachable", Board.escapeHtml(error.message), true);
  }
}

Board.renderNav("data");
load();

// Sluice Board: the histograms view. One card per (tag, run) drawn as TensorBoard's offset view: one ridge per
// recorded step, oldest at the back (top, faint), newest at the front (bottom, strong), all on one value axis. The
// server rebins TensorFlow's uneven buckets onto equal-width bins over the series' range (/api/histograms/data).
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const WIDTH = 460, HEIGHT = 260, LEFT = 56, RIGHT = 12, TOP = 10, BOTTOM = 26;
const hist = { cards: new Map(), filter: null };

function svg(name, attributes) {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, String(value));
  return element;
}

function draw(card, data) {
  const chart = card.querySelector("svg");
  chart.innerHTML = "";
  chart.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
  const histograms = data.histograms;
  if (histograms.length === 0) return;
  const plotWidth = WIDTH - LEFT - RIGHT, plotHeight = HEIGHT - TOP - BOTTOM;
  const ridgeHeight = histograms.length === 1 ? plotHeight : plotHeight * 0.4;
  const spacing = histograms.length === 1 ? 0 : (plotHeight - ridgeHeight) / (histograms.length - 1);
  let peak = 0;
  for (const h of histograms) for (const c of h.bins) peak = Math.max(peak, c);
  if (peak === 0) peak = 1;
  const bins = histograms[0].bins.length;
  const x = (i) => LEFT + (i / bins) * plotWidth;

  histograms.forEach((h, k) => {
    const base = TOP + ridgeHeight + k * spacing;
    let d = `M${x(0).toFixed(1)},${base.toFixed(1)}`;
    h.bins.forEach((c, i) => { d += ` L${x(i + 0.5).toFixed(1)},${(base - (c / peak) * ridgeHeight).toFixed(1)}`; });
    d += ` L${x(bins).toFixed(1)},${base.toFixed(1)} Z`;
    const shade = histograms.length === 1 ? 1 : 0.25 + 0.75 * (k / (histograms.length - 1));
    const path = svg("path", { d, class: "histogram", "data-step": h.step, fill: "#fff", stroke: "#e8710a", "stroke-opacity": shade.toFixed(2), "fill-opacity": 0.85 });
    const title = svg("title");
    title.textContent = `step ${h.step}: ${h.count} values, min ${Board.formatNumber(h.min)}, max ${Board.formatNumber(h.max)}, mean ${Board.formatNumber(h.mean)}`;
    path.append(title);
    chart.append(path);
    if (k === 0 || k === histograms.length - 1) {
      const label = svg("text", { x: LEFT - 6, y: base, "text-anchor": "end", class: "tick step-label" });
      label.textContent = `step ${h.step}`;
      chart.append(label);
    }
  });
  chart.append(svg("line", { x1: LEFT, y1: HEIGHT - BOTTOM, x2: WIDTH - RIGHT, y2: HEIGHT - BOTTOM, class: "axis" }));
  for (const [fraction, anchor] of [[0, "start"], [0.5, "middle"], [1, "end"]]) {
    const tick = svg("text", { x: LEFT + fraction * plotWidth, y: HEIGHT - 8, "text-anchor": anchor, class: "tick" });
    tick.textContent = Board.formatNumber(data.low + fraction * (data.high - data.low));
    chart.append(tick);
  }
}

function cardFor(run, tag) {
  const key = `${tag}\u0000${run}`;
  let card = hist.cards.get(key);
  if (card) return card;
  card = document.createElement("div");
  card.className = "card histogram-card";
  card.dataset.tag = tag;
  card.dataset.run = run;
  card.innerHTML = `<div class="card-head"><span class="card-title"></span></div><div class="card-sub"></div>
    <svg class="chart histogram-chart" role="img"></svg><div class="card-error input-error" hidden></div>`;
  card.querySelector(".card-title").textContent = tag;
  card.querySelector(".card-sub").textContent = run;
  card.querySelector("svg").setAttribute("aria-label", `Histograms of ${tag} in ${run}`);
  const container = document.getElementById("histogram-cards");
  const following = [...container.children].find((c) => `${c.dataset.tag}\u0000${c.dataset.run}` > key);
  container.insertBefore(card, following || null);
  hist.cards.set(key, card);
  return card;
}

async function refreshCard(card) {
  const params = new URLSearchParams({ run: card.dataset.run, tag: card.dataset.tag });
  const error = card.querySelector(".card-error");
  try {
    const response = await Board.api(`api/histograms/data?${params}`);
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || response.statusText);
    error.hidden = true;
    draw(card, data);
  } catch (e) {
    error.textContent = String(e.message || e);
    error.hidden = false;
  }
}

function applyFilter() {
  for (const card of hist.cards.values()) card.hidden = hist.filter !== null && !hist.filter.test(card.dataset.tag);
}

async function load() {
  const message = document.getElementById("message");
  try {
    const response = await Board.api("api/histograms");
    const data = await response.json();
    if (data.error) {
      Board.showMessage(message, "Cannot read the logdir", Board.escapeHtml(data.error), true);
    } else if (data.runs.length === 0) {
      Board.showMessage(message, "No histograms yet",
        "No event file under the logdir holds histogram summaries. Training writes weight histograms when asked to " +
        "(TF-style tags such as <code>dnn/hiddenlayer_0/kernel</code>).", false);
    } else {
      const broken = data.runs.filter((r) => r.error);
      if (broken.length > 0) {
        Board.showMessage(message, "Some event files could not be read",
          broken.map((r) => `<div><b>${Board.escapeHtml(r.run)}</b>: ${Board.escapeHtml(r.error)}</div>`).join(""), true);
      } else {
        message.hidden = true;
      }
    }
    const cards = [];
    for (const run of data.runs) for (const tag of run.tags) cards.push(cardFor(run.run, tag));
    applyFilter();
    await Promise.all(cards.map(refreshCard));
    document.getElementById("status").textContent = `${cards.length} histogram series · updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    if (error.kind === "auth") {
      Board.showMessage(message, "API key needed", Board.escapeHtml(error.message), true);
      return;
    }
    document.getElementById("status").textContent = `Board server unreachable (${error.message}); retrying…`;
  }
  setTimeout(load, 10000);
}

document.getElementById("tag-filter").addEventListener("input", (e) => {
  const box = document.getElementById("tag-filter-error");
  try {
    hist.filter = e.target.value === "" ? null : new RegExp(e.target.value, "i");
    box.hidden = true;
    applyFilter();
  } catch (error) {
    box.textContent = `Invalid regular expression: ${error.message}`;
    box.hidden = false;
  }
});

Board.renderNav("histograms");
load();

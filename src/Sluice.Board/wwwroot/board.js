// Sluice Board: the scalars dashboard. Plain script, no dependencies: it polls /api/runs, lays out one card per tag
// grouped by the prefix before the first '/', and fetches each chart's series from /api/scalars (smoothed and
// downsampled on the server) for chart.js to draw. Charts are fetched only when scrolled into view, so hundreds of
// runs stay light.
"use strict";

const PALETTE = ["#e8710a", "#1a73e8", "#12b5cb", "#e52592", "#9334e6", "#0f9d58", "#f9ab00", "#795548",
  "#5f6368", "#c5221f", "#185abc", "#188038", "#b31412", "#a142f4", "#00838f", "#ef6c00"];

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
    box.querySelector(`.download-${format}`).href = Board.withKey(`api/scalars/download?${params}`);
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
    const response = await Board.api(`api/scalars?${params}`);
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
    const response = await Board.api("api/runs");
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
    if (error.kind === "auth") showMessage(`<h3>API key needed</h3>${escapeHtml(error.message)}`, true);
    else $("status").textContent = `Board server unreachable (${error.message}); retrying…`;
  }
  // While the server is still reading the logdir for the first time, look more often so data shows up early.
  const seconds = state.loading ? Math.min(1, state.reloadSeconds) : Math.min(state.reloadSeconds, 5);
  setTimeout(poll, Math.max(200, seconds * 1000));
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

// hparams.html links here with ?run=<name>: show that run and its evaluation run only.
function applyRunFromUrl() {
  const run = new URLSearchParams(location.search).get("run");
  if (run === null) return;
  const quoted = run.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const text = run === "." ? "^(\\.|eval)$" : `^${quoted}(/eval)?$`;
  $("run-filter").value = text;
  state.runFilter = new RegExp(text, "i");
}

Board.renderNav("scalars");
applyRunFromUrl();
wireControls();
poll();

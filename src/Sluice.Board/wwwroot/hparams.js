// Sluice Board: the hyperparameter comparison table. Rows come from /api/hparams (each trial's hparams.json plus the
// final values of its evaluation scalars); columns sort on click (numbers numerically, blanks last); each run name
// links to the scalars page with that run selected.
"use strict";

const view = { data: null, sortKey: null, descending: true, tuningJob: new URLSearchParams(location.search).get("tuningJob") };

// Trials of the chosen tuning job (all when none is chosen), with only the columns they use.
function selectedData(data) {
  const trials = view.tuningJob ? data.trials.filter((t) => t.tuningJobId === view.tuningJob) : data.trials;
  const used = (names, pick) => names.filter((n) => trials.some((t) => pick(t)[n] !== undefined));
  return { logdir: data.logdir, trials, hyperparameters: used(data.hyperparameters, (t) => t.hyperparameters), metrics: used(data.metrics, (t) => t.metrics) };
}

// A "Tuning job" selector when the logdir holds trials of more than one (e.g. the engine's job folders).
function renderTuningFilter(data) {
  const ids = [...new Set(data.trials.map((t) => t.tuningJobId).filter((id) => id))].sort();
  const box = document.getElementById("tuning-filter-box");
  box.hidden = ids.length < 2 && !view.tuningJob;
  const select = document.getElementById("tuning-filter");
  const wanted = ["", ...ids];
  if (view.tuningJob && !wanted.includes(view.tuningJob)) wanted.push(view.tuningJob);
  if ([...select.options].map((o) => o.value).join("\n") !== wanted.join("\n")) {
    select.innerHTML = "";
    for (const id of wanted) {
      const option = document.createElement("option");
      option.value = id;
      option.textContent = id === "" ? "All tuning jobs" : id;
      select.append(option);
    }
  }
  select.value = view.tuningJob || "";
}

function columnsOf(data) {
  const objectiveTag = data.trials.map((t) => t.metricTag).find((t) => t) || null;
  const columns = [
    { key: "trial", label: "Trial", value: (t) => numericOrText(t.trialId) },
    { key: "state", label: "State", value: (t) => t.state },
  ];
  for (const name of data.hyperparameters) columns.push({ key: "hp:" + name, label: name, kind: "hparam", value: (t) => t.hyperparameters[name] });
  columns.push({ key: "objective", label: objectiveTag ? `objective (${objectiveTag})` : "objective", kind: "metric",
    value: (t) => (t.finalMetric ? t.finalMetric.objectiveValue : undefined) });
  for (const name of data.metrics) columns.push({ key: "m:" + name, label: name, kind: "metric", value: (t) => t.metrics[name] });
  columns.push({ key: "step", label: "step", value: (t) => (t.finalMetric && t.finalMetric.trainingStep !== undefined ? t.finalMetric.trainingStep : t.metricsStep) });
  columns.push({ key: "run", label: "Run", value: (t) => t.run });
  return columns;
}

function numericOrText(value) {
  if (value === null || value === undefined) return value;
  const n = Number(value);
  return value !== "" && !isNaN(n) ? n : value;
}

function compare(a, b) {
  const blankA = a === null || a === undefined || a === "", blankB = b === null || b === undefined || b === "";
  if (blankA || blankB) return blankA === blankB ? 0 : blankA ? 1 : -1; // blanks last in both directions
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

function render() {
  renderTuningFilter(view.data);
  const data = selectedData(view.data);
  const table = document.getElementById("hparams-table");
  const message = document.getElementById("message");
  if (data.trials.length === 0 && view.data.trials.length > 0) {
    table.hidden = true;
    Board.showMessage(message, "No trials of this tuning job",
      `None of the trials under <code>${Board.escapeHtml(data.logdir)}</code> belongs to tuning job <code>${Board.escapeHtml(view.tuningJob)}</code>.`, false);
    return;
  }
  if (data.trials.length === 0) {
    table.hidden = true;
    Board.showMessage(message, "No tuning trials",
      `No <code>hparams.json</code> was found under <code>${Board.escapeHtml(data.logdir)}</code>. ` +
      `A hyperparameter tuning job writes one into each trial's directory; point the board at the tuning job's directory.`, false);
    return;
  }
  const broken = data.trials.filter((t) => t.error);
  if (broken.length > 0) {
    Board.showMessage(message, "Some trial files could not be read",
      broken.map((t) => `<div>${Board.escapeHtml(t.error)}</div>`).join(""), true);
  } else {
    message.hidden = true;
  }
  const columns = columnsOf(data);
  if (!view.sortKey || !columns.some((c) => c.key === view.sortKey)) {
    const goal = (data.trials.find((t) => t.goal) || {}).goal;
    view.sortKey = "objective";
    view.descending = goal !== "MINIMIZE";
  }
  const sortColumn = columns.find((c) => c.key === view.sortKey);
  const rows = [...data.trials].sort((x, y) => {
    const a = sortColumn.value(x), b = sortColumn.value(y);
    const blank = (v) => v === null || v === undefined || v === "";
    if (blank(a) || blank(b)) return compare(a, b);
    return view.descending ? compare(b, a) : compare(a, b);
  });

  const head = columns.map((c) => {
    const sorted = c.key === view.sortKey ? (view.descending ? "descending" : "ascending") : "none";
    const arrow = sorted === "none" ? "" : sorted === "descending" ? " ▼" : " ▲";
    return `<th scope="col" class="${c.kind || ""}" data-key="${Board.escapeHtml(c.key)}" aria-sort="${sorted}" tabindex="0">${Board.escapeHtml(c.label)}${arrow}</th>`;
  }).join("");
  const body = rows.map((t) => {
    const cells = columns.map((c) => {
      if (c.key === "run") {
        return `<td><a class="run-link" href="index.html?run=${encodeURIComponent(t.run)}">${Board.escapeHtml(t.run)}</a></td>`;
      }
      if (c.key === "state") return `<td><span class="state state-${Board.escapeHtml(t.state || (t.error ? "ERROR" : "RUNNING"))}">${Board.escapeHtml(t.state || (t.error ? "unreadable" : "running"))}</span></td>`;
      const v = c.value(t);
      return `<td class="${c.kind || ""}">${Board.escapeHtml(Board.formatNumber(v))}</td>`;
    }).join("");
    return `<tr data-run="${Board.escapeHtml(t.run)}" class="${t.error ? "row-error" : ""}">${cells}</tr>`;
  }).join("");
  table.innerHTML = `<thead><tr>${head}</tr></thead><tbody>${body}</tbody>`;
  table.hidden = false;
  for (const th of table.querySelectorAll("th")) {
    const sortBy = () => {
      if (view.sortKey === th.dataset.key) view.descending = !view.descending;
      else { view.sortKey = th.dataset.key; view.descending = false; }
      render();
    };
    th.addEventListener("click", sortBy);
    th.addEventListener("keydown", (e) => { if (e.key === "Enter") sortBy(); });
  }
  document.getElementById("status").textContent = `${data.trials.length} trial${data.trials.length === 1 ? "" : "s"} · updated ${new Date().toLocaleTimeString()}`;
}

async function load() {
  try {
    const response = await Board.api("api/hparams");
    if (!response.ok) throw new Error(response.statusText);
    view.data = await response.json();
    render();
  } catch (error) {
    if (error.kind === "auth") {
      Board.showMessage(document.getElementById("message"), "API key needed", Board.escapeHtml(error.message), true);
      return;
    }
    document.getElementById("status").textContent = `Board server unreachable (${error.message}); retrying…`;
  }
  setTimeout(load, 5000);
}

document.getElementById("tuning-filter").addEventListener("change", (e) => {
  view.tuningJob = e.target.value || null;
  const url = new URL(location.href);
  if (view.tuningJob) url.searchParams.set("tuningJob", view.tuningJob); else url.searchParams.delete("tuningJob");
  history.replaceState(null, "", url);
  if (view.data) render();
});
Board.renderNav("hparams");
load();

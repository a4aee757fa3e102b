// Sluice Board: the Models page (inside `sluice engine`). Models and their versions from the engine's management
// API (/v1/projects/{p}/models...): default version, labels, state, and the training metrics of the job that
// exported each version. Actions: set default, create a version from an export path, delete a version or a model.
"use strict";

const models = `/v1/projects/${Board.PROJECT}/models`;
let refreshTimer = null;

// Export folder -> {jobId, finalMetrics} from the engine's training jobs (their trainingOutput lists the exports).
async function trainingMetricsByExport() {
  const byExport = new Map();
  try {
    for (const job of await Board.listJobs({ all: "true" })) {
      const output = job.trainingOutput;
      if (!output || !output.exports) continue;
      for (const path of output.exports) byExport.set(path, { jobId: job.jobId, metrics: output.finalMetrics || {} });
    }
  } catch {
    // Metrics are a nicety: a key that may manage models but not list jobs still sees the models.
  }
  return byExport;
}

function metricsText(entry) {
  if (!entry) return "";
  const metrics = Object.entries(entry.metrics).map(([k, v]) => `${Board.escapeHtml(k)} ${Board.escapeHtml(Board.formatNumber(v))}`).join(" · ");
  return `${metrics}<div class="hint">job <a href="job.html?id=${encodeURIComponent(entry.jobId)}">${Board.escapeHtml(entry.jobId)}</a></div>`;
}

function renderModel(model, versions, metrics) {
  const section = document.createElement("section");
  section.className = "card model";
  section.dataset.model = model.name;
  const labels = Object.entries(model.labels || {}).map(([l, v]) => `<span class="label">${Board.escapeHtml(l)} → ${Board.escapeHtml(v)}</span>`).join(" ");
  section.innerHTML = `
    <div class="card-head"><span class="card-title">${Board.escapeHtml(model.name)}</span>
      <span class="hint">default version: <b class="default-version">${Board.escapeHtml(model.defaultVersion || "none")}</b></span>
      <button type="button" class="delete-model danger">Delete model</button></div>
    ${model.description ? `<p class="hint">${Board.escapeHtml(model.description)}</p>` : ""}
    ${labels ? `<p>Labels: ${labels}</p>` : ""}
    <table class="data-table versions"><thead><tr><th>Version</th><th>State</th><th>Default</th><th>Labels</th><th>Export</th><th>Created</th><th>Training metrics</th><th></th></tr></thead><tbody>
    ${versions.map((v) => `<tr data-version="${Board.escapeHtml(v.name)}">
      <td>${Board.escapeHtml(v.name)}</td>
      <td><span class="state state-${Board.escapeHtml(v.state)}">${Board.escapeHtml(v.state)}</span>${v.errorMessage ? `<div class="error-text">${Board.escapeHtml(v.errorMessage)}</div>` : ""}</td>
      <td class="is-default">${v.isDefault ? "✔ default" : ""}</td>
      <td>${(v.labels || []).map((l) => `<span class="label">${Board.escapeHtml(l)}</span>`).join(" ")}</td>
      <td><code>${Board.escapeHtml(v.deploymentUri)}</code></td>
      <td>${Board.formatTime(v.createTime)}</td>
      <td class="metrics">${metricsText(metrics.get(v.deploymentUri))}</td>
      <td class="actions">${v.isDefault ? "" : `<button type="button" class="set-default">Set default</button>`}
        <button type="button" class="delete-version danger">Delete</button></td></tr>`).join("")}
    </tbody></table>
    ${versions.length === 0 ? `<p class="hint empty-versions">No versions yet.</p>` : ""}
    <form class="create-version toolbar">
      <input class="deployment-uri" placeholder="Export folder on the engine host, e.g. /jobs/census/model/export/final/1763000000" aria-label="Export path" required>
      <button type="submit">Create version</button>
    </form>`;
  const name = encodeURIComponent(model.name);
  for (const row of section.querySelectorAll("tr[data-version]")) {
    const version = encodeURIComponent(row.dataset.version);
    const setDefault = row.querySelector(".set-default");
    if (setDefault) setDefault.addEventListener("click", () => act(() => Board.engine(`${models}/${name}/versions/${version}:setDefault`, { method: "POST" })));
    row.querySelector(".delete-version").addEventListener("click", () => {
      if (confirm(`Delete version ${row.dataset.version} of ${model.name}?`)) act(() => Board.engine(`${models}/${name}/versions/${version}`, { method: "DELETE" }));
    });
  }
  section.querySelector(".delete-model").addEventListener("click", () => {
    if (confirm(`Delete model ${model.name} and all its versions?`)) act(() => Board.engine(`${models}/${name}`, { method: "DELETE" }));
  });
  section.querySelector(".create-version").addEventListener("submit", (e) => {
    e.preventDefault();
    const uri = section.querySelector(".deployment-uri").value.trim();
    act(() => Board.engine(`${models}/${name}/versions`, { method: "POST", body: JSON.stringify({ deploymentUri: uri }) }));
  });
  return section;
}

// Runs an action, shows its error (if any) above the list, then reloads the list.
async function act(action) {
  const box = document.getElementById("action-error");
  try {
    await action();
    box.hidden = true;
  } catch (error) {
    Board.showMessage(box, "The engine refused", Board.escapeHtml(error.message), true);
  }
  await load();
}

async function load() {
  clearTimeout(refreshTimer);
  const message = document.getElementById("message");
  const container = document.getElementById("models");
  try {
    const list = (await Board.engineJson(models)).models || [];
    const metrics = await trainingMetricsByExport();
    const sections = [];
    for (const model of list.sort((a, b) => a.name.localeCompare(b.name))) {
      const versions = (await Board.engineJson(`${models}/${encodeURIComponent(model.name)}/versions`)).versions || [];
      versions.sort((a, b) => Number(a.name) - Number(b.name));
      sections.push(renderModel(model, versions, metrics));
    }
    container.replaceChildren(...sections);
    if (list.length === 0) {
      Board.showMessage(message, "No models yet",
        "Create one above, or deploy a finished training job with <code>sluice jobs deploy &lt;job&gt; --model &lt;name&gt;</code>.", false);
    } else {
      message.hidden = true;
    }
    document.getElementById("status").textContent = `${list.length} model${list.length === 1 ? "" : "s"} · updated ${new Date().toLocaleTimeString()}`;
    // Versions being created turn READY or FAILED on their own: look again while any is in flight.
    if (container.querySelector(".state-CREATING, .state-DELETING")) refreshTimer = setTimeout(load, 2000);
  } catch (error) {
    container.replaceChildren();
    Board.showMessage(message, error.kind === "auth" ? "API key needed" : error.kind === "unreachable" ? "Engine unreachable" : "Cannot list models",
      Board.escapeHtml(error.message), true);
    document.getElementById("status").textContent = "";
  }
}

document.getElementById("create-model").addEventListener("submit", (e) => {
  e.preventDefault();
  const name = document.getElementById("new-model-name").value.trim();
  act(() => Board.engine(models, { method: "POST", body: JSON.stringify({ name }) }));
});
Board.renderNav("models");
Board.renderKeyBox(load);
load();

// Sluice Board: one job (job.html?id=<jobId>). State, times, error and output from GET .../jobs/{id}; its trials
// (for a tuning job) from the job list filtered by parentJobId; and its log, streamed live from
// GET .../jobs/{id}/logs?follow=true (the engine ends the stream when the job finishes).
"use strict";

const jobId = new URLSearchParams(location.search).get("id");
const jobs = `/v1/projects/${Board.PROJECT}/jobs`;
let following = null;     // AbortController of the running log stream
let logOffset = 0;        // bytes of log already shown
let logComplete = false;  // the engine ended the stream: the job finished and its whole log is shown
let refreshTimer = null;

function field(label, value) {
  return value === undefined || value === null || value === "" ? "" : `<tr><th>${label}</th><td>${value}</td></tr>`;
}

function renderJob(job) {
  document.getElementById("job-title").textContent = `Job ${job.jobId}`;
  const output = job.trainingOutput || job.predictionOutput;
  const metrics = output && output.finalMetrics
    ? Object.entries(output.finalMetrics).map(([k, v]) => `${Board.escapeHtml(k)} ${Board.escapeHtml(Board.formatNumber(v))}`).join(" · ") : "";
  const summary = document.getElementById("job-summary");
  summary.innerHTML = `<table class="stats">` +
    field("State", `<span class="state state-${Board.escapeHtml(job.state)}" id="job-state">${Board.escapeHtml(job.state)}</span>`) +
    field("Created", Board.formatTime(job.createTime)) + field("Started", Board.formatTime(job.startTime)) +
    field("Ended", Board.formatTime(job.endTime)) +
    field("Parent", job.parentJobId ? `<a href="job.html?id=${encodeURIComponent(job.parentJobId)}">${Board.escapeHtml(job.parentJobId)}</a>` : "") +
    field("Error", job.errorMessage ? `<span class="error-text">${Board.escapeHtml(job.errorMessage)}</span>` : "") +
    field("Global step", output && output.globalStep !== undefined ? Board.escapeHtml(output.globalStep) : "") +
    field("Final metrics", metrics) +
    field("Predictions", output && output.predictionCount !== undefined ? `${output.predictionCount} (${output.errorCount || 0} errors)` : "") +
    field("Exports", output && output.exports ? output.exports.map((e) => `<code>${Board.escapeHtml(e)}</code>`).join("<br>") : "") +
    `</table>`;
  summary.hidden = false;
  document.getElementById("spec").textContent = JSON.stringify(job, null, 2);
  document.getElementById("spec-section").hidden = false;
}

async function renderTrials(job) {
  if (!(job.trainingInput && job.trainingInput.hyperparameters)) return;
  const trials = (await Board.listJobs({ filter: `parentJobId:${job.jobId}` })).sort((a, b) => Number((a.labels || {})["trialId"]) - Number((b.labels || {})["trialId"]));
  const names = [...new Set(trials.flatMap((t) => Object.keys(t.labels || {}).filter((k) => k.startsWith("hp."))))];
  const tag = job.trainingInput.hyperparameters.hyperparameterMetricTag;
  document.getElementById("trials-table").innerHTML =
    `<thead><tr><th>Trial</th><th>State</th>${names.map((n) => `<th>${Board.escapeHtml(n.slice("hp.".length))}</th>`).join("")}<th>${Board.escapeHtml(tag || "metric")}</th></tr></thead><tbody>` +
    trials.map((t) => `<tr><td><a href="job.html?id=${encodeURIComponent(t.jobId)}">${Board.escapeHtml(t.jobId)}</a></td>
      <td><span class="state state-${Board.escapeHtml(t.state)}">${Board.escapeHtml(t.state)}</span></td>
      ${names.map((n) => `<td>${Board.escapeHtml((t.labels || {})[n] || "")}</td>`).join("")}
      <td>${t.trainingOutput && t.trainingOutput.finalMetrics && tag ? Board.escapeHtml(Board.formatNumber(t.trainingOutput.finalMetrics[tag])) : ""}</td></tr>`).join("") + `</tbody>`;
  document.getElementById("compare-trials").href = `hparams.html?tuningJob=${encodeURIComponent(job.jobId)}`;
  document.getElementById("trials").hidden = false;
}

// Streams the log from where the page left off; reconnects (with the offset) if the stream drops while the job runs.
async function followLogs() {
  if (following) return;
  following = new AbortController();
  const pre = document.getElementById("log");
  const stateLine = document.getElementById("log-state");
  document.getElementById("logs-section").hidden = false;
  stateLine.textContent = "(following…)";
  const decoder = new TextDecoder();
  try {
    const response = await Board.engine(`${jobs}/${encodeURIComponent(jobId)}/logs?follow=true&offset=${logOffset}`, { signal: following.signal });
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      logOffset += value.byteLength;
      pre.textContent += decoder.decode(value, { stream: true });
      pre.scrollTop = pre.scrollHeight;
    }
    stateLine.textContent = "(complete)";
    logComplete = true;
  } catch (error) {
    if (error.name !== "AbortError") stateLine.textContent = `(stream interrupted: ${error.message})`;
  } finally {
    following = null;
  }
  refresh();
}

async function refresh() {
  clearTimeout(refreshTimer);
  const message = document.getElementById("message");
  if (!jobId) {
    Board.showMessage(message, "No job given", "Open a job from the <a href=\"jobs.html\">Jobs</a> list.", true);
    return;
  }
  try {
    const job = await Board.engineJson(`${jobs}/${encodeURIComponent(jobId)}`);
    message.hidden = true;
    renderJob(job);
    await renderTrials(job);
    const final = ["SUCCEEDED", "FAILED", "CANCELLED"].includes(job.state);
    document.getElementById("cancel-job").hidden = final || job.state === "CANCELLING";
    if (!following && !logComplete) followLogs();
    document.getElementById("status").textContent = `updated ${new Date().toLocaleTimeString()}`;
    if (!final) refreshTimer = setTimeout(refresh, 3000);
  } catch (error) {
    Board.showMessage(message, error.kind === "auth" ? "API key needed" : error.kind === "unreachable" ? "Engine unreachable" : "Cannot show the job",
      Board.escapeHtml(error.message), true);
    if (error.kind !== "auth" && error.status !== 404) refreshTimer = setTimeout(refresh, 5000);
  }
}

document.getElementById("cancel-job").addEventListener("click", async () => {
  if (!confirm(`Cancel job ${jobId}?`)) return;
  try {
    await Board.engine(`${jobs}/${encodeURIComponent(jobId)}:cancel`, { method: "POST" });
  } catch (error) {
    Board.showMessage(document.getElementById("message"), "The engine refused", Board.escapeHtml(error.message), true);
  }
  refresh();
});
Board.renderNav("jobs");
Board.renderKeyBox(() => { if (following) following.abort(); refresh(); });
refresh();

// Sluice Board: the Jobs page (inside `sluice engine`). Lists jobs from GET /v1/projects/{p}/jobs with the engine's
// filter syntax (jobId:<glob> AND state:<STATE>), newest first, refreshed every few seconds.
"use strict";

let refreshTimer = null;

function jobType(job) {
  if (job.predictionInput) return "prediction";
  if (job.trainingInput && job.trainingInput.hyperparameters) return "tuning";
  return "training";
}

function duration(job) {
  if (!job.startTime) return "";
  const end = job.endTime ? new Date(job.endTime) : new Date();
  const seconds = Math.max(0, Math.round((end - new Date(job.startTime)) / 1000));
  return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function filterText() {
  const terms = [];
  const id = document.getElementById("job-filter").value.trim();
  const state = document.getElementById("state-filter").value;
  if (id) terms.push(`jobId:${id.includes("*") ? id : `*${id}*`}`);
  if (state) terms.push(`state:${state}`);
  return terms.join(" AND ");
}

async function load() {
  clearTimeout(refreshTimer);
  const message = document.getElementById("message");
  const table = document.getElementById("jobs-table");
  try {
    const filter = filterText();
    const jobs = (await Board.listJobs(filter ? { filter } : {})).sort((a, b) => String(b.createTime).localeCompare(String(a.createTime)));
    if (jobs.length === 0) {
      table.hidden = true;
      Board.showMessage(message, filter ? "No matching jobs" : "No jobs yet",
        filter ? "No job matches the filter." : "Submit one with <code>sluice jobs submit training &lt;id&gt; --config job.yaml</code>.", false);
    } else {
      message.hidden = true;
      table.innerHTML = `<thead><tr><th>Job</th><th>Type</th><th>State</th><th>Created</th><th>Started</th><th>Ended</th><th>Duration</th></tr></thead><tbody>` +
        jobs.map((j) => `<tr data-job="${Board.escapeHtml(j.jobId)}">
          <td><a class="job-link" href="job.html?id=${encodeURIComponent(j.jobId)}">${Board.escapeHtml(j.jobId)}</a></td>
          <td>${jobType(j)}</td>
          <td><span class="state state-${Board.escapeHtml(j.state)}">${Board.escapeHtml(j.state)}</span></td>
          <td>${Board.formatTime(j.createTime)}</td><td>${Board.formatTime(j.startTime)}</td><td>${Board.formatTime(j.endTime)}</td>
          <td>${duration(j)}</td></tr>`).join("") + `</tbody>`;
      table.hidden = false;
    }
    document.getElementById("status").textContent = `${jobs.length} job${jobs.length === 1 ? "" : "s"} · updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    table.hidden = true;
    Board.showMessage(message, error.kind === "auth" ? "API key needed" : error.kind === "unreachable" ? "Engine unreachable" : "Cannot list jobs",
      Board.escapeHtml(error.message), true);
    document.getElementById("status").textContent = "";
  }
  refreshTimer = setTimeout(load, 5000);
}

let typingTimer = null;
document.getElementById("job-filter").addEventListener("input", () => { clearTimeout(typingTimer); typingTimer = setTimeout(load, 250); });
document.getElementById("state-filter").addEventListener("change", load);
Board.renderNav("jobs");
Board.renderKeyBox(load);
load();

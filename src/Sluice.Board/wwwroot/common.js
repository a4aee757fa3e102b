// Sluice Board: what every page shares. The top bar with its tabs (Jobs and Models only when the board runs inside
// `sluice engine`), HTML escaping, and calls to the engine's REST API with the API key the person entered once
// (kept in localStorage, sent as x-api-key). Plain script, no dependencies.
"use strict";

const Board = (() => {
  const KEY_STORAGE = "sluice.apiKey";
  const TABS = [
    { href: "index.html", label: "Scalars", page: "scalars" },
    { href: "histograms.html", label: "Histograms", page: "histograms" },
    { href: "hparams.html", label: "HParams", page: "hparams" },
    { href: "data.html", label: "Data", page: "data" },
    { href: "jobs.html", label: "Jobs", page: "jobs", engine: true },
    { href: "models.html", label: "Models", page: "models", engine: true },
  ];

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  let configPromise = null;
  function config() {
    if (!configPromise) {
      configPromise = fetch("api/config").then((r) => r.json()).catch(() => ({ engineConsole: false }));
    }
    return configPromise;
  }

  // Fills <nav id="nav"> with the tabs; the current page's tab is marked active.
  async function renderNav(activePage) {
    const nav = document.getElementById("nav");
    const { engineConsole } = await config();
    nav.innerHTML = "";
    for (const tab of TABS) {
      if (tab.engine && !engineConsole) continue;
      const a = document.createElement("a");
      a.className = "tab" + (tab.page === activePage ? " active" : "");
      a.href = tab.href;
      a.textContent = tab.label;
      a.dataset.page = tab.page;
      nav.append(a);
    }
    // Inside the engine every page's data needs the API key: pages without their own key box get one that reloads.
    if (engineConsole && !document.getElementById("key-box")) {
      const box = document.createElement("span");
      box.id = "key-box";
      box.className = "key-box";
      nav.after(box);
      renderKeyBox(() => location.reload());
    }
    return engineConsole;
  }

  function apiKey() { return localStorage.getItem(KEY_STORAGE) || ""; }
  function setApiKey(key) {
    if (key) localStorage.setItem(KEY_STORAGE, key); else localStorage.removeItem(KEY_STORAGE);
  }

  // A box in the top bar to enter the API key once; onChange runs after it is saved or cleared.
  function renderKeyBox(onChange) {
    const box = document.getElementById("key-box");
    if (!box) return;
    box.innerHTML = `<input id="api-key" type="password" placeholder="API key" aria-label="API key" autocomplete="off">
      <button id="save-key" type="button">Save key</button>`;
    const input = box.querySelector("#api-key");
    input.value = apiKey();
    const save = () => { setApiKey(input.value.trim()); onChange(); };
    box.querySelector("#save-key").addEventListener("click", save);
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") save(); });
  }

  // An engine REST call. Throws an Error whose message a person can act on (bad key, engine unreachable, ...).
  async function engine(path, options = {}) {
    const headers = Object.assign({}, options.headers || {});
    const key = apiKey();
    if (key) headers["x-api-key"] = key;
    if (options.body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
    let response;
    try {
      response = await fetch(path, Object.assign({}, options, { headers }));
    } catch (error) {
      throw Object.assign(new Error(`The engine is unreachable (${error.message}).`), { kind: "unreachable" });
    }
    if (response.status === 401 || response.status === 403) {
      const detail = await errorText(response);
      throw Object.assign(new Error(response.status === 401
        ? `The engine refused the API key (401): ${detail} Enter a valid key above.`
        : `This API key may not do that (403): ${detail}`), { kind: "auth", status: response.status });
    }
    if (!response.ok) {
      throw Object.assign(new Error(`${response.status}: ${await errorText(response)}`), { kind: "http", status: response.status });
    }
    return response;
  }

  // A board data call (api/...): sends the stored key (the engine requires it; a standalone board ignores it) and
  // turns 401/403 into an Error of kind "auth". Other answers are returned for the caller to read.
  async function api(path) {
    const key = apiKey();
    const response = await fetch(path, key ? { headers: { "x-api-key": key } } : {});
    if (response.status === 401 || response.status === 403) {
      const detail = await errorText(response);
      throw Object.assign(new Error(`The board needs a valid API key (${response.status}): ${detail} Enter it above.`), { kind: "auth", status: response.status });
    }
    return response;
  }

  // A link to board data (downloads): the key goes in the query, as links cannot carry headers.
  function withKey(url) {
    const key = apiKey();
    return key ? `${url}${url.includes("?") ? "&" : "?"}key=${encodeURIComponent(key)}` : url;
  }

  async function engineJson(path, options) {
    return (await engine(path, options)).json();
  }

  // Every job matching the query parameters: the engine lists oldest first, 100 a page, so follow nextPageToken
  // (up to 5,000 jobs) to be able to show the newest.
  async function listJobs(params) {
    const jobs = [];
    let token = null;
    for (let page = 0; page < 50; page++) {
      const query = new URLSearchParams(params);
      query.set("pageSize", "100");
      if (token) query.set("pageToken", token);
      const data = await engineJson(`/v1/projects/${PROJECT}/jobs?${query}`);
      jobs.push(...(data.jobs || []));
      token = data.nextPageToken;
      if (!token) break;
    }
    return jobs;
  }

  async function errorText(response) {
    const text = await response.text();
    try { return JSON.parse(text).error || text; } catch { return text || response.statusText; }
  }

  function showMessage(element, title, body, isError) {
    element.className = isError ? "message error" : "message";
    element.innerHTML = `<h3>${escapeHtml(title)}</h3>${body}`;
    element.hidden = false;
  }

  function formatTime(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toISOString().replace("T", " ").slice(0, 19);
  }

  function formatNumber(value) {
    if (value === null || value === undefined) return "";
    if (typeof value !== "number") return String(value);
    if (Number.isInteger(value)) return String(value);
    const abs = Math.abs(value);
    return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? value.toExponential(3) : String(Number(value.toPrecision(5)));
  }

  // The engine accepts any project name in its routes; the console uses one.
  const PROJECT = "sluice";

  return { escapeHtml, renderNav, renderKeyBox, apiKey, setApiKey, api, withKey, engine, engineJson, listJobs, showMessage, formatTime, formatNumber, PROJECT };
})();

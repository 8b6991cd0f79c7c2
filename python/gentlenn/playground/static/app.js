// gentlenn playground: every number shown here comes from the server (the Python core).
// Every URL is relative ("api/...", never "/api/..."): behind a proxy (RStudio Server's /p/<id>/)
// the page lives under a path prefix, and relative URLs stay under it.
"use strict";

const TOKEN = document.querySelector('meta[name="gentlenn-token"]').content;
const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";

async function api(path, options = {}) {
  const headers = Object.assign({ "X-Gentlenn-Token": TOKEN }, options.headers || {});
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(options.json);
  }
  const response = await fetch(path, Object.assign({}, options, { headers }));
  const body = (response.headers.get("Content-Type") || "").includes("json") ? await response.json() : {};
  if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
  return body;
}

function svgElement(name, attrs, parent) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (parent) parent.appendChild(el);
  return el;
}

function showStatus(el, text, isError = false) {
  el.textContent = text;
  el.classList.toggle("error", isError);
}

// ---- tabs ------------------------------------------------------------------------------------
document.querySelectorAll(".tab").forEach((tab) => tab.addEventListener("click", () => {
  document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t === tab));
  document.querySelectorAll(".page").forEach((p) => p.classList.toggle("active", p.id === `page-${tab.dataset.page}`));
}));

// ---- the slope -------------------------------------------------------------------------------
const slope = { run: null, k: 0, timer: null, request: 0 };

function slopeSettings() {
  const initial = $("slope-initial").value;
  return {
    dataset: $("slope-dataset").value,
    species: [$("slope-species-a").value, $("slope-species-b").value],
    features: [$("slope-feature-x").value, $("slope-feature-y").value],
    slope: initial === "" ? null : Number(initial),
    seed: Number($("slope-seed").value),
    learning_rate: Number($("slope-lr").value),
    margin: Number($("slope-margin").value),
    epochs: Number($("slope-epochs").value),
    shuffle: $("slope-shuffle").checked,
  };
}

async function slopeFetch() {
  stopPlay();
  $("slope-lr-value").textContent = $("slope-lr").value;
  document.querySelectorAll(".iris-only").forEach((el) => { el.style.display = $("slope-dataset").value === "iris" ? "" : "none"; });
  const id = ++slope.request;
  try {
    const run = await api("api/slope", { method: "POST", json: slopeSettings() });
    if (id !== slope.request) return; // a newer request is on its way
    slope.run = run;
    slope.k = 0;
    slopeTable();
    slopeDraw();
  } catch (err) {
    if (id === slope.request) showStatus($("slope-status"), err.message, true);
  }
}

function slopeAt(k) {
  return k === 0 ? slope.run.initial_slope : slope.run.updates[k - 1].slope;
}

function slopeDraw() {
  const run = slope.run;
  const svg = $("slope-plot");
  svg.replaceChildren();
  const size = 420, pad = 40;
  const xmax = Math.max(...run.points.map((p) => p.x)) * 1.15;
  const ymax = Math.max(...run.points.map((p) => p.y)) * 1.15;
  const sx = (x) => pad + (x / xmax) * (size - 2 * pad);
  const sy = (y) => size - pad - (y / ymax) * (size - 2 * pad);
  svgElement("line", { x1: pad, y1: size - pad, x2: size - pad, y2: size - pad, stroke: "#999" }, svg);
  svgElement("line", { x1: pad, y1: pad, x2: pad, y2: size - pad, stroke: "#999" }, svg);
  svgElement("text", { x: size / 2, y: size - 8, "text-anchor": "middle", "font-size": 12 }, svg).textContent = run.columns[0];
  svgElement("text", { x: 12, y: size / 2, "font-size": 12, transform: `rotate(-90 12 ${size / 2})`, "text-anchor": "middle" }, svg).textContent = run.columns[1];
  const colour = (label) => (label === run.above ? "#d62728" : "#1f77b4");
  for (const p of run.points) svgElement("circle", { cx: sx(p.x), cy: sy(p.y), r: 4, fill: colour(p.label), "fill-opacity": 0.75 }, svg);
  const a = slopeAt(slope.k);
  // the line y = A x from the origin to the plot's edge
  const xEnd = Math.min(xmax, a > 0 ? ymax / a : xmax);
  svgElement("line", { id: "slope-line", x1: sx(0), y1: sy(0), x2: sx(xEnd), y2: sy(a * xEnd), stroke: "black", "stroke-width": 2, "data-slope": String(a) }, svg);
  if (slope.k > 0) {
    const u = run.updates[slope.k - 1];
    svgElement("circle", { cx: sx(u.x), cy: sy(u.y), r: 7, fill: "none", stroke: "black", "stroke-width": 2 }, svg);
    svgElement("circle", { id: "slope-target", cx: sx(u.x), cy: sy(u.target), r: 5, fill: "#ff7f0e", stroke: "black" }, svg);
  }
  svgElement("text", { x: size - pad, y: pad - 10, "text-anchor": "end", "font-size": 12, fill: "#d62728" }, svg).textContent = `${run.above} (above)`;
  svgElement("text", { x: size - pad, y: pad + 6, "text-anchor": "end", "font-size": 12, fill: "#1f77b4" }, svg).textContent = `${run.below} (below)`;
  const accuracy = slope.k === 0 ? run.initial_accuracy : run.updates[slope.k - 1].accuracy;
  showStatus($("slope-status"), `update ${slope.k} of ${run.updates.length}: A = ${a.toFixed(4)}, accuracy ${(100 * accuracy).toFixed(1)}%`);
  document.querySelectorAll("#slope-table tbody tr").forEach((tr, i) => tr.classList.toggle("current", i === slope.k - 1));
  const current = document.querySelector("#slope-table tr.current");
  if (current) current.scrollIntoView({ block: "nearest" });
}

function slopeTable() {
  const body = document.querySelector("#slope-table tbody");
  body.replaceChildren();
  slope.run.updates.forEach((u, i) => {
    const tr = document.createElement("tr");
    for (const v of [i + 1, u.x.toFixed(3), u.target.toFixed(3), u.error.toFixed(4), u.delta.toFixed(4), u.slope.toFixed(4), (100 * u.accuracy).toFixed(1) + "%"]) {
      const td = document.createElement("td");
      td.textContent = v;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  });
}

function slopeStep() {
  if (!slope.run || slope.k >= slope.run.updates.length) { stopPlay(); return; }
  slope.k += 1;
  slopeDraw();
}

function stopPlay() {
  if (slope.timer) clearInterval(slope.timer);
  slope.timer = null;
  $("slope-play").textContent = "Play";
}

$("slope-step").addEventListener("click", () => { stopPlay(); slopeStep(); });
$("slope-play").addEventListener("click", () => {
  if (slope.timer) { stopPlay(); return; }
  if (slope.run && slope.k >= slope.run.updates.length) slope.k = 0;
  $("slope-play").textContent = "Pause";
  slope.timer = setInterval(slopeStep, 350);
});
$("slope-reset").addEventListener("click", () => { stopPlay(); slope.k = 0; if (slope.run) slopeDraw(); });
$("slope-lr").addEventListener("input", () => { $("slope-lr-value").textContent = $("slope-lr").value; });
for (const id of ["slope-dataset", "slope-species-a", "slope-species-b", "slope-feature-x", "slope-feature-y",
                  "slope-initial", "slope-seed", "slope-lr", "slope-margin", "slope-epochs", "slope-shuffle"]) {
  $(id).addEventListener("change", slopeFetch);
}

// ---- the network -----------------------------------------------------------------------------
const net = { polling: null, ready: false, queryTimer: null, pending: false, again: false };

function drawCurve(history) {
  const svg = $("net-curve");
  svg.replaceChildren();
  const w = 300, h = 160, pad = 24;
  svgElement("text", { x: 4, y: 12, "font-size": 10 }, svg).textContent = "test accuracy after each epoch";
  if (!history.length) return;
  const n = Math.max(history.length, 2);
  const sx = (i) => pad + (i / (n - 1)) * (w - 2 * pad);
  const sy = (a) => h - pad - a * (h - 2 * pad);
  svgElement("line", { x1: pad, y1: sy(0), x2: w - pad, y2: sy(0), stroke: "#999" }, svg);
  svgElement("line", { x1: pad, y1: sy(1), x2: w - pad, y2: sy(1), stroke: "#eee" }, svg);
  const points = history.map((r, i) => `${sx(i)},${sy(r.val_accuracy)}`).join(" ");
  svgElement("polyline", { id: "net-curve-line", points, fill: "none", stroke: "#1f3b57", "stroke-width": 2 }, svg);
  history.forEach((r, i) => {
    svgElement("circle", { cx: sx(i), cy: sy(r.val_accuracy), r: 3, fill: "#1f3b57" }, svg);
    svgElement("text", { x: sx(i), y: sy(r.val_accuracy) - 6, "font-size": 9, "text-anchor": "middle" }, svg).textContent = r.val_accuracy.toFixed(3);
  });
}

async function pollStatus() {
  try {
    const s = await api("api/network/status");
    $("net-progress").value = s.total ? s.done / s.total : 0;
    drawCurve(s.history);
    const training = s.status === "training";
    $("net-train").disabled = training;
    $("net-cancel").disabled = !training;
    document.body.dataset.training = s.status;
    showStatus($("net-status"), training ? `training: ${s.done.toLocaleString()} of ${s.total.toLocaleString()} examples`
      : (s.message || "No network yet: train one, or load a network file."), s.status === "error");
    if (!training && net.polling) { clearInterval(net.polling); net.polling = null; }
    if (s.ready && (!net.ready || !training)) networkReady();
  } catch (err) {
    showStatus($("net-status"), err.message, true);
  }
}

async function networkReady() {
  net.ready = true;
  const save = $("net-save");
  save.href = `api/network/save?token=${encodeURIComponent(TOKEN)}`;
  save.classList.remove("disabled");
  const b = await api("api/network/backquery");
  const box = $("net-backquery");
  box.replaceChildren();
  b.images.forEach((pixels, i) => {
    const fig = document.createElement("figure");
    const c = document.createElement("canvas");
    c.width = c.height = 28;
    const ctx = c.getContext("2d");
    const img = ctx.createImageData(28, 28);
    pixels.forEach((v, j) => { const g = Math.round(255 * (1 - v)); img.data.set([g, g, g, 255], 4 * j); });
    ctx.putImageData(img, 0, 0);
    fig.appendChild(c);
    const cap = document.createElement("figcaption");
    cap.textContent = `label ${b.classes[i]}`;
    fig.appendChild(cap);
    box.appendChild(fig);
  });
  if (net.drawn) queryDrawing();
}

$("net-train").addEventListener("click", async () => {
  try {
    await api("api/network/train", { method: "POST", json: {
      data: $("net-data").value, hidden_nodes: Number($("net-hidden").value), learning_rate: Number($("net-lr").value),
      epochs: Number($("net-epochs").value), seed: Number($("net-seed").value) } });
    document.body.dataset.training = "training";
    if (!net.polling) net.polling = setInterval(pollStatus, 250);
    pollStatus();
  } catch (err) {
    showStatus($("net-status"), err.message, true);
  }
});
$("net-cancel").addEventListener("click", () => api("api/network/cancel", { method: "POST", json: {} }).catch(() => {}));
$("net-load").addEventListener("change", async () => {
  const file = $("net-load").files[0];
  if (!file) return;
  const form = new FormData();
  form.append("network", file);
  try {
    await api("api/network/load", { method: "POST", body: form });
    net.ready = false;
    pollStatus();
  } catch (err) {
    showStatus($("net-status"), err.message, true);
  }
  $("net-load").value = "";
});

// drawing: dark ink on white paper, as a photo of a written digit; the server reads it the way
// gentlenn reads any image (grey, 28 x 28, inverted to bright ink on dark)
const canvas = $("net-canvas");
const ctx = canvas.getContext("2d");
function clearCanvas() {
  ctx.fillStyle = "white";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  net.drawn = false;
  $("net-bars").replaceChildren();
  $("net-answer").textContent = "Draw a digit.";
  delete $("net-answer").dataset.answer;
}
clearCanvas();
ctx.lineWidth = 22;
ctx.lineCap = ctx.lineJoin = "round";
ctx.strokeStyle = "black";
let drawing = false;
function position(e) {
  const r = canvas.getBoundingClientRect();
  return [(e.clientX - r.left) * (canvas.width / r.width), (e.clientY - r.top) * (canvas.height / r.height)];
}
canvas.addEventListener("pointerdown", (e) => {
  drawing = true;
  canvas.setPointerCapture(e.pointerId);
  const [x, y] = position(e);
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x + 0.1, y + 0.1);
  ctx.stroke();
  net.drawn = true;
});
canvas.addEventListener("pointermove", (e) => {
  if (!drawing) return;
  const [x, y] = position(e);
  ctx.lineTo(x, y);
  ctx.stroke();
  scheduleQuery();
});
canvas.addEventListener("pointerup", () => { drawing = false; scheduleQuery(0); });
$("net-clear").addEventListener("click", clearCanvas);

function scheduleQuery(delay = 80) {
  if (net.queryTimer) clearTimeout(net.queryTimer);
  net.queryTimer = setTimeout(queryDrawing, delay);
}

async function queryDrawing() {
  if (!net.ready || !net.drawn) return;
  if (net.pending) { net.again = true; return; }
  net.pending = true;
  try {
    const r = await api("api/network/query", { method: "POST", json: { image: canvas.toDataURL("image/png") } });
    const bars = $("net-bars");
    bars.replaceChildren();
    r.outputs.forEach((v, i) => {
      const bar = document.createElement("div");
      bar.className = "bar" + (r.classes[i] === r.answer ? " win" : "");
      bar.style.height = `${Math.max(1, 170 * v)}px`;
      bar.dataset.value = String(v);
      bar.title = `${r.classes[i]}: ${v.toFixed(3)}`;
      const label = document.createElement("span");
      label.textContent = r.classes[i];
      bar.appendChild(label);
      bars.appendChild(bar);
    });
    $("net-answer").textContent = `The network says ${r.answer} (confidence ${(100 * r.confidence).toFixed(0)}%)`;
    $("net-answer").dataset.answer = r.answer;
  } catch (err) {
    $("net-answer").textContent = err.message;
  } finally {
    net.pending = false;
    if (net.again) { net.again = false; queryDrawing(); }
  }
}

// ---- start -----------------------------------------------------------------------------------
api("api/info").then((info) => {
  if (info.data.includes("fashion")) {
    const o = document.createElement("option");
    o.value = "fashion";
    o.textContent = "Fashion-MNIST (70,000 images)";
    $("net-data").appendChild(o);
  }
}).catch(() => {});
slopeFetch();
pollStatus();

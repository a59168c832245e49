// The draw-a-digit page. Strokes are drawn on #pad; after each stroke the canvas is sent as a PNG
// to /api/predict-image, which preprocesses it in Java exactly as `mnist-nn predict` does and
// answers with the network's view of it. Nothing here loads anything from outside this server.
'use strict';

const $ = (id) => document.getElementById(id);
const pad = $('pad');
const ctx = pad.getContext('2d');
const state = { inked: false, drawing: false, last: null, seq: 0, lastBlob: null, info: null };

// ---- the drawing pad -------------------------------------------------------------------------

function sizePad() {
  const rect = pad.getBoundingClientRect();
  const dpr = Math.min(window.devicePixelRatio || 1, 3);
  // a pad squeezed to almost nothing (hidden tab, screenshot tools) would lose the drawing
  if (rect.width < 32) return;
  const side = Math.round(rect.width * dpr);
  if (pad.width === side && pad.height === side) return;
  const old = state.inked ? copyOf(pad) : null;
  pad.width = side;
  pad.height = side;
  paper();
  if (old) ctx.drawImage(old, 0, 0, side, side);
}

function copyOf(canvas) {
  const c = document.createElement('canvas');
  c.width = canvas.width;
  c.height = canvas.height;
  c.getContext('2d').drawImage(canvas, 0, 0);
  return c;
}

function paper() {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, pad.width, pad.height);
}

function point(e) {
  const r = pad.getBoundingClientRect();
  return { x: (e.clientX - r.left) * (pad.width / r.width), y: (e.clientY - r.top) * (pad.height / r.height) };
}

function stroke(from, to) {
  // a pen about as thick, relative to the digit, as the strokes in MNIST
  ctx.lineWidth = pad.width * 0.07;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.strokeStyle = '#111111';
  ctx.beginPath();
  ctx.moveTo(from.x, from.y);
  ctx.lineTo(to.x, to.y);
  ctx.stroke();
}

pad.addEventListener('pointerdown', (e) => {
  if (e.button !== 0) return;
  e.preventDefault();
  pad.setPointerCapture(e.pointerId);
  state.drawing = true;
  state.last = point(e);
  stroke(state.last, state.last);
  markInked();
});

pad.addEventListener('pointermove', (e) => {
  if (!state.drawing) return;
  e.preventDefault();
  const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [e];
  for (const ev of events.length ? events : [e]) {
    const p = point(ev);
    stroke(state.last, p);
    state.last = p;
  }
});

function endStroke(e) {
  if (!state.drawing) return;
  state.drawing = false;
  if (pad.hasPointerCapture(e.pointerId)) pad.releasePointerCapture(e.pointerId);
  predictPad();
}
pad.addEventListener('pointerup', endStroke);
pad.addEventListener('pointercancel', endStroke);

function markInked() {
  state.inked = true;
  $('pad-hint').hidden = true;
  $('truth').hidden = true;
}

$('clear').addEventListener('click', () => {
  state.seq++;
  state.inked = false;
  state.lastBlob = null;
  paper();
  $('pad-hint').hidden = false;
  $('truth').hidden = true;
  setMessage('');
  resetAnswer();
});

// ---- talking to the server -------------------------------------------------------------------

async function api(url, options) {
  const res = await fetch(url, options);
  const body = await res.json().catch(() => ({ error: 'the server sent no JSON (' + res.status + ')' }));
  if (!res.ok) throw new Error(body.error || 'HTTP ' + res.status);
  return body;
}

function predictPad() {
  const seq = ++state.seq;
  pad.toBlob((blob) => {
    if (!blob || seq !== state.seq) return;
    state.lastBlob = blob;
    sendBlob(blob, seq);
  }, 'image/png');
}

async function sendBlob(blob, seq) {
  try {
    const r = await api('/api/predict-image', {
      method: 'POST', headers: { 'Content-Type': 'image/png' }, body: blob });
    if (seq !== state.seq) return;
    setMessage('');
    render(r);
  } catch (err) {
    if (seq === state.seq) setMessage(err.message);
  }
}

$('sample').addEventListener('click', async () => {
  const seq = ++state.seq;
  try {
    const r = await api('/api/test-digit');
    if (seq !== state.seq) return;
    showOnPad(r.image);
    state.lastBlob = null;
    setMessage('');
    render(r);
    const ok = r.digit === r.label;
    const truth = $('truth');
    truth.replaceChildren(
      text('Test image #' + r.index + ' · true label '),
      el('span', { className: 'true-label' }, className(r.label)),
      text(' · '),
      el('span', { className: ok ? 'right' : 'wrong' }, ok ? 'the network is right' : 'the network is wrong'));
    truth.dataset.index = r.index;
    truth.dataset.label = r.label;
    truth.hidden = false;
  } catch (err) {
    setMessage(err.message);
  }
});

// A test digit is drawn on the pad (dark on light, smoothly enlarged), so it can be drawn over.
function showOnPad(image) {
  const small = document.createElement('canvas');
  small.width = 28;
  small.height = 28;
  const sctx = small.getContext('2d');
  const img = sctx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = 255 - Math.round(255 * image[i]);
    img.data.set([v, v, v, 255], 4 * i);
  }
  sctx.putImageData(img, 0, 0);
  paper();
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, pad.width, pad.height);
  markInked();
}

// ---- showing the answer ----------------------------------------------------------------------

function el(tag, props, content) {
  const e = Object.assign(document.createElement(tag), props || {});
  if (content !== undefined) e.textContent = content;
  return e;
}
function text(s) { return document.createTextNode(s); }
function setMessage(s) { $('message').textContent = s; }
// The model's name for class k: "7" for MNIST, "Trouser" for a model trained on Fashion-MNIST
// (/api/info's class_names, from the model's meta).
function className(k) {
  const names = state.info && state.info.class_names;
  return names && names[k] !== undefined ? String(names[k]) : String(k);
}
function pct(p) { return (100 * p).toFixed(p >= 0.995 || p < 0.001 ? 0 : 1) + '%'; }

function buildBars() {
  const bars = $('bars');
  for (let d = 0; d < 10; d++) {
    const row = el('div', { className: 'bar', id: 'bar-' + d });
    const track = el('div', { className: 'track' });
    track.append(el('div', { className: 'fill' }));
    row.append(el('span', { className: 'label' }, className(d)), track, el('span', { className: 'value' }, ''));
    bars.append(row);
  }
}

function resetAnswer() {
  $('digit').textContent = '?';
  $('confidence').textContent = 'draw a digit to see';
  $('why-digit').textContent = 'it';
  for (let d = 0; d < 10; d++) {
    const row = $('bar-' + d);
    row.classList.remove('win');
    row.querySelector('.fill').style.width = '0';
    row.querySelector('.value').textContent = '';
  }
  const seen = $('seen').getContext('2d');
  seen.clearRect(0, 0, 28, 28);
  drawHidden(null, []);
  $('units').replaceChildren(el('li', { className: 'empty' }, 'nothing yet'));
}

function render(r) {
  const p = r.probabilities;
  $('digit').textContent = className(r.digit);
  $('confidence').textContent = pct(p[r.digit]) + ' sure';
  $('why-digit').textContent = className(r.digit);
  for (let d = 0; d < 10; d++) {
    const row = $('bar-' + d);
    row.classList.toggle('win', d === r.digit);
    row.querySelector('.fill').style.width = (100 * p[d]).toFixed(1) + '%';
    row.querySelector('.value').textContent = pct(p[d]);
  }
  drawGray($('seen'), r.image);
  rememberForStep(r);
  const top = r.top_units.map((u) => u.unit);
  drawHidden(r.hidden, top);
  drawUnits(r.top_units);
  if (r.step !== undefined && state.info && state.info.training) {
    state.answerStep = r.step;
    $('model-state').textContent = 'weights of step ' + r.step;
  }
}

// The step page (/step, "look inside one step") starts from what the pad shows: the test image by
// its index, or the drawing as the 784 pixels the network saw.
function rememberForStep(r) {
  const input = r.index !== undefined ? { test_index: r.index } : { pixels: r.image };
  try {
    sessionStorage.setItem('mnistnn.step.input', JSON.stringify(input));
  } catch (e) {
    // storage full or disabled: the step page then starts from a random test image
  }
}

function drawGray(canvas, v) {
  const c = canvas.getContext('2d');
  const img = c.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const g = Math.round(255 * v[i]);
    img.data.set([g, g, g, 255], 4 * i);
  }
  c.putImageData(img, 0, 0);
}

function hiddenGrid(n) {
  const cols = Math.ceil(Math.sqrt(n));
  return { cols, rows: Math.ceil(n / cols) };
}

function drawHidden(h, top) {
  const canvas = $('hidden');
  const n = state.info ? state.info.hidden : 100;
  const { cols, rows } = hiddenGrid(n);
  const cell = 16;
  canvas.width = cols * cell;
  canvas.height = rows * cell;
  const c = canvas.getContext('2d');
  c.fillStyle = '#0f1222';
  c.fillRect(0, 0, canvas.width, canvas.height);
  const max = h ? Math.max(1e-6, ...h) : 1;
  for (let j = 0; j < n; j++) {
    const x = (j % cols) * cell;
    const y = Math.floor(j / cols) * cell;
    const a = h ? h[j] / max : 0;
    // dark blue (silent) to warm yellow (most active)
    c.fillStyle = 'rgb(' + Math.round(30 + 225 * a) + ',' + Math.round(34 + 186 * a) + ',' + Math.round(70 + 10 * a) + ')';
    c.fillRect(x + 1, y + 1, cell - 2, cell - 2);
  }
  c.strokeStyle = '#818cf8';
  c.lineWidth = 2;
  for (const j of top) {
    c.strokeRect((j % cols) * cell + 1, Math.floor(j / cols) * cell + 1, cell - 2, cell - 2);
  }
}

function drawUnits(units) {
  const list = $('units');
  list.replaceChildren();
  if (!units.length) {
    list.append(el('li', { className: 'empty' }, 'no unit pushed this answer up'));
    return;
  }
  for (const u of units) {
    const tile = el('canvas', { width: 28, height: 28, title: 'W1[:, ' + u.unit + ']' });
    drawWeights(tile, u.weights);
    const what = el('div', { className: 'what' });
    what.append(el('b', {}, 'unit ' + u.unit), el('br'),
      text('h = ' + u.activation.toFixed(2)), el('br'),
      text('adds ' + (u.contribution >= 0 ? '+' : '') + u.contribution.toFixed(2)));
    const li = el('li');
    li.append(tile, what);
    list.append(li);
  }
}

function drawWeights(canvas, w) {
  const c = canvas.getContext('2d');
  const img = c.createImageData(28, 28);
  let max = 1e-6;
  for (const v of w) max = Math.max(max, Math.abs(v));
  for (let i = 0; i < 784; i++) {
    const a = Math.min(1, Math.abs(w[i]) / max);
    // the project's one convention for signed values (step.js, weights.png, report.html):
    // red below zero, white at zero, blue above
    const rgb = w[i] >= 0 ? [33, 102, 172] : [178, 24, 43];
    const mid = 247;
    img.data.set([mid + a * (rgb[0] - mid), mid + a * (rgb[1] - mid), mid + a * (rgb[2] - mid), 255], 4 * i);
  }
  c.putImageData(img, 0, 0);
}

// ---- training live ---------------------------------------------------------------------------

const run = { loss: [], acc: [], total: 0, first: 0, step: 0, state: 'waiting' };

function follow() {
  $('training').hidden = false;
  const src = new EventSource('/api/events');
  src.addEventListener('history', (e) => {
    const d = JSON.parse(e.data);
    run.loss = d.loss;
    run.acc = d.accuracy;
    progress(d);
  });
  src.addEventListener('started', (e) => progress(JSON.parse(e.data)));
  src.addEventListener('loss', (e) => {
    const d = JSON.parse(e.data);
    run.loss.push([d.step, d.loss]);
    progress(d);
  });
  src.addEventListener('accuracy', (e) => {
    const d = JSON.parse(e.data);
    run.acc.push([d.step, d.accuracy]);
    progress(d);
    refresh();
  });
  src.addEventListener('finished', (e) => {
    progress(JSON.parse(e.data));
    refresh();
  });
  setInterval(drawCharts, 250);
}

function progress(d) {
  run.total = d.total_steps;
  run.first = d.first_step;
  run.step = d.step;
  run.state = d.state;
  const last = run.acc.length ? run.acc[run.acc.length - 1][1] : null;
  const lossNow = run.loss.length ? run.loss[run.loss.length - 1][1] : null;
  $('train-status').textContent =
    (run.state === 'finished' ? 'finished at step ' : 'step ') + run.step.toLocaleString('en') +
    (run.total ? ' of ' + run.total.toLocaleString('en') : '') +
    (lossNow !== null ? ' · loss ' + lossNow.toFixed(3) : '') +
    (last !== null ? ' · test accuracy ' + (100 * last).toFixed(2) + '%' : '');
  if (state.answerStep === undefined) {
    $('model-state').textContent = run.state === 'finished' ? 'trained' : 'training…';
  }
  run.dirty = true;
}

// New weights arrived: ask again about what is on the pad, so the answer follows training.
function refresh() {
  if (state.lastBlob && !state.drawing) sendBlob(state.lastBlob, ++state.seq);
}

function drawCharts() {
  if (!run.dirty) return;
  run.dirty = false;
  const end = Math.max(run.total, run.step, 1);
  chart($('loss-chart'), run.loss, run.first, end, null, '#4f46e5', (v) => v.toFixed(2));
  chart($('acc-chart'), run.acc, run.first, end, [0, 1], '#16a34a', (v) => (100 * v).toFixed(0) + '%');
}

function chart(canvas, pts, x0, x1, yRange, color, fmt) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(canvas.clientWidth * dpr);
  const h = Math.round(canvas.clientHeight * dpr);
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  const c = canvas.getContext('2d');
  c.clearRect(0, 0, w, h);
  const L = 44 * dpr, R = 8 * dpr, T = 8 * dpr, B = 20 * dpr;
  let lo = yRange ? yRange[0] : Infinity, hi = yRange ? yRange[1] : -Infinity;
  if (!yRange) {
    for (const p of pts) { lo = Math.min(lo, p[1]); hi = Math.max(hi, p[1]); }
    if (!isFinite(lo)) { lo = 0; hi = 1; }
    lo = Math.max(0, lo - 0.05 * (hi - lo));
    if (hi - lo < 1e-6) hi = lo + 1;
  } else if (pts.length) {
    // zoom in on where accuracy lives once it is high, so the last tenths of a percent show
    lo = Math.max(0, Math.min(...pts.map((p) => p[1])) - 0.02);
    lo = Math.floor(lo * 20) / 20;
  }
  const X = (s) => L + (w - L - R) * (s - x0) / Math.max(1, x1 - x0);
  const Y = (v) => T + (h - T - B) * (1 - (v - lo) / (hi - lo));
  c.font = (11 * dpr) + 'px system-ui, sans-serif';
  c.fillStyle = '#667085';
  c.strokeStyle = '#e3e6ee';
  c.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const v = lo + (hi - lo) * i / 4;
    c.beginPath(); c.moveTo(L, Y(v)); c.lineTo(w - R, Y(v)); c.stroke();
    c.fillText(fmt(v), 2 * dpr, Y(v) + 4 * dpr);
  }
  c.fillText('step ' + x0.toLocaleString('en'), L, h - 4 * dpr);
  const endLabel = x1.toLocaleString('en');
  c.fillText(endLabel, w - R - c.measureText(endLabel).width, h - 4 * dpr);
  if (!pts.length) return;
  c.strokeStyle = color;
  c.lineWidth = 2 * dpr;
  c.beginPath();
  pts.forEach((p, i) => (i ? c.lineTo(X(p[0]), Y(p[1])) : c.moveTo(X(p[0]), Y(p[1]))));
  c.stroke();
}

// Labels the bars with the model's class names; names longer than a digit get room of their own.
function nameClasses() {
  for (let d = 0; d < 10; d++) {
    $('bar-' + d).querySelector('.label').textContent = className(d);
  }
  const named = state.info.class_names && state.info.class_names.some((n, k) => n !== String(k));
  document.body.classList.toggle('named-classes', Boolean(named));
}

// ---- start -----------------------------------------------------------------------------------

async function start() {
  buildBars();
  sizePad();
  resetAnswer();
  window.addEventListener('resize', sizePad);
  try {
    state.info = await api('/api/info');
  } catch (err) {
    setMessage('cannot reach the server: ' + err.message);
    return;
  }
  $('hidden-count').textContent = String(state.info.hidden);
  nameClasses();
  $('model-state').textContent = state.info.training ? 'training…' : 'trained model';
  drawHidden(null, []);
  if (!state.info.test_digits) {
    $('sample').disabled = true;
    const note = $('sample-note');
    note.textContent = 'Test digits are unavailable: ' + state.info.test_digits_note;
    note.hidden = false;
  }
  if (state.info.training) follow();
  document.body.dataset.ready = 'true';
}

start();

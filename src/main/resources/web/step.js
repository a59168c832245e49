// The backprop explorer. It asks POST /api/step for every matrix of one SGD step on one digit and
// draws each as a panel; every number shown is one of the answer's, formatted by fmt(). Nothing
// here loads anything from outside this server.
'use strict';

const $ = (id) => document.getElementById(id);
const INPUT_KEY = 'mnistnn.step.input';
const state = { input: null, answer: null, steps: 0, unit: null, seq: 0, info: null };

// ---- numbers and colours ---------------------------------------------------------------------

// Four significant digits, the way every number on the page is written.
function fmt(v) {
  if (v === null || v === undefined) return 'n/a';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(4)));
  return v.toExponential(3);
}

// One convention for signed values across mnist-nn (the draw page, weights.png, report.html):
// red below zero, white at zero, blue above (ColorBrewer's RdBu ends).
const NEG = [178, 24, 43];
const MID = [247, 247, 247];
const POS = [33, 102, 172];
function diverging(t) {
  t = Math.max(-1, Math.min(1, t));
  const end = t < 0 ? NEG : POS;
  const a = Math.abs(t);
  return [0, 1, 2].map((i) => Math.round(MID[i] + (end[i] - MID[i]) * a));
}
function css(rgb) { return 'rgb(' + rgb.join(',') + ')'; }
function maxAbs(v) {
  let m = 0;
  for (const x of v) if (x !== null) m = Math.max(m, Math.abs(x));
  return m || 1;
}

// ---- small DOM helpers -----------------------------------------------------------------------

function el(tag, props, content) {
  const e = Object.assign(document.createElement(tag), props || {});
  if (content !== undefined) e.textContent = content;
  return e;
}
function setMessage(s) { $('message').textContent = s; }

async function api(url, options) {
  const res = await fetch(url, options);
  const body = await res.json().catch(() => ({ error: 'the server sent no JSON (' + res.status + ')' }));
  if (!res.ok) throw new Error(body.error || 'HTTP ' + res.status);
  return body;
}

// ---- the panels ------------------------------------------------------------------------------

// name: the answer's key; kind: how it is drawn; where: forward or backward column.
const PANELS = [
  { name: 'x', kind: 'image', where: 'forward' },
  { name: 'z1', kind: 'units', where: 'forward' },
  { name: 'h1', kind: 'units', where: 'forward', off: true },
  { name: 'z2', kind: 'bars', where: 'forward' },
  { name: 'probs', kind: 'probs', where: 'forward' },
  { name: 'dz2', kind: 'bars', where: 'backward' },
  { name: 'dW2', kind: 'dW2', where: 'backward', check: 'W2' },
  { name: 'db2', kind: 'bars', where: 'backward', check: 'b2' },
  { name: 'dh1', kind: 'units', where: 'backward' },
  { name: 'dz1', kind: 'units', where: 'backward', off: true },
  { name: 'dW1', kind: 'tiles', where: 'backward' },
  { name: 'db1', kind: 'units', where: 'backward', check: 'b1' },
];

function shapeText(r, name) {
  const s = r.shapes[name];
  return '(' + s[0] + ' × ' + s[1] + ')';
}

function buildPanels(r) {
  for (const where of ['forward', 'backward']) $(where).replaceChildren();
  for (const p of PANELS) {
    const src = r.sources[p.name];
    const card = el('section', { className: 'card panel' + (p.kind === 'tiles' ? ' wide' : ''), id: 'panel-' + p.name });
    card.dataset.name = p.name;
    const h = el('h3');
    h.append(el('span', { className: 'eq' }, equation(r, p.name, src.equation)));
    const meta = el('p', { className: 'meta' });
    meta.append(shapeText(r, p.name) + ' · ' + src.section + ' · ',
      el('code', { title: 'in ' + r.sources.folder }, src.method));
    const scale = el('p', { className: 'scale-note' });
    const canvas = el('canvas', { className: 'plot ' + p.kind, id: 'plot-' + p.name });
    const plot = p.kind === 'tiles' ? el('div', { className: 'tiles-row' }) : card;
    card.append(h, meta);
    if (plot !== card) card.append(plot);
    plot.append(canvas);
    card.append(scale);
    if (p.name === 'probs') card.append(el('p', { className: 'loss-line', id: 'loss-line' }));
    if (p.name === 'dW2') card.append(el('p', { className: 'note-left' }, 'Drawn with one row per digit k (0 at the top) and one column per hidden unit j (0 to 99), the transpose of its shape. dW2[j, k] = h1[j] × dz2[k]: only the units that are on and the digits with a large dz2 get a gradient. Click a cell to check that weight.'));
    if (p.name === 'dz1') card.append(el('p', { className: 'note-left' }, 'Grey cells: units that were off in the forward pass (z1 ≤ 0). The ReLU passes them no gradient, so their whole column of dW1 is zero.'));
    if (p.kind === 'tiles') {
      card.append(el('p', { className: 'note-left' }, 'One 28×28 tile per hidden unit j: dW1[:, j] = x · dz1[j]. Click a tile to see it large; click a pixel of the large tile to check that weight.'));
      const big = el('figure', { className: 'big-tile' });
      big.append(el('canvas', { id: 'plot-dW1-unit', className: 'plot image' }), el('figcaption', { id: 'unit-caption' }, 'no unit chosen'));
      plot.append(big);
    }
    card.append(el('pre', { className: 'numbers', id: 'numbers-' + p.name, hidden: true }));
    $(p.where).append(card);
  }
}

function equation(r, name, eq) {
  if (r.variant === 'notebook' && name === 'probs') return 'probs = softmax(relu(z2))   the notebook';
  return eq;
}

function render(r) {
  const t0 = performance.now();
  state.answer = r;
  buildPanels(r);
  for (const p of PANELS) draw(p, r);
  if (state.unit === null) state.unit = strongestUnit(r);
  drawBigTile(r);
  lossLine(r);
  stepFigures(r);
  numbers();
  describeInput(r);
  const ms = performance.now() - t0;
  document.body.dataset.renderMs = ms.toFixed(1);
  $('render-time').textContent = 'panels drawn in ' + ms.toFixed(0) + ' ms';
  document.body.dataset.ready = 'true';
}

function draw(p, r) {
  const canvas = $('plot-' + p.name);
  const v = r[p.name];
  const m = p.name === 'probs' || p.name === 'x' ? 1 : maxAbs(v);
  canvas._value = (i) => v[i];
  if (p.kind === 'image') drawImage(canvas, v, 28, 28, true);
  else if (p.kind === 'units') drawUnits(canvas, v, m, p.off ? r.z1 : null);
  else if (p.kind === 'bars' || p.kind === 'probs') drawBars(canvas, v, p.kind === 'probs' ? null : m, r.label);
  else if (p.kind === 'dW2') drawHeat(canvas, v, r.shapes.dW2[0], r.shapes.dW2[1], m);
  else if (p.kind === 'tiles') drawTiles(canvas, v, r.shapes.dW1[1], m);
  canvas.closest('.panel').querySelector('.scale-note').textContent = p.name === 'x' || p.name === 'probs'
    ? 'from 0 to 1' : 'colour scale ±' + fmt(m);
  attachHover(canvas, p, r);
}

// a (rows × cols) image of values in 0..1, grey (x) or diverging
function drawImage(canvas, v, rows, cols, gray, m) {
  canvas.width = cols;
  canvas.height = rows;
  const c = canvas.getContext('2d');
  const img = c.createImageData(cols, rows);
  for (let i = 0; i < rows * cols; i++) {
    const rgb = gray ? [255 * v[i], 255 * v[i], 255 * v[i]] : diverging(v[i] / m);
    img.data.set([rgb[0], rgb[1], rgb[2], 255], 4 * i);
  }
  c.putImageData(img, 0, 0);
  canvas.grid = { rows, cols, index: (row, col) => row * cols + col };
}

// H values as a square grid of cells; units off (z1 ≤ 0) grey and crossed
const CELL = 24;
function drawUnits(canvas, v, m, z1) {
  const cols = Math.ceil(Math.sqrt(v.length));
  const rows = Math.ceil(v.length / cols);
  canvas.width = cols * CELL;
  canvas.height = rows * CELL;
  const c = canvas.getContext('2d');
  c.fillStyle = '#fff';
  c.fillRect(0, 0, canvas.width, canvas.height);
  for (let j = 0; j < v.length; j++) {
    const x = (j % cols) * CELL;
    const y = Math.floor(j / cols) * CELL;
    const off = z1 && z1[j] <= 0;
    c.fillStyle = off ? '#d0d4de' : css(diverging(v[j] / m));
    c.fillRect(x + 1, y + 1, CELL - 2, CELL - 2);
    if (off) {
      c.strokeStyle = '#9aa1b3';
      c.lineWidth = 1.5;
      c.beginPath();
      c.moveTo(x + 7, y + 7); c.lineTo(x + CELL - 7, y + CELL - 7);
      c.moveTo(x + CELL - 7, y + 7); c.lineTo(x + 7, y + CELL - 7);
      c.stroke();
    }
  }
  canvas.grid = { rows, cols, index: (row, col) => (row * cols + col < v.length ? row * cols + col : -1) };
}

// C values as vertical bars around a zero line (signed, scale m) or from 0 to 1 (probs)
function drawBars(canvas, v, m, label) {
  const n = v.length;
  const W = 40;
  const H = 160;
  canvas.width = n * W;
  canvas.height = H + 22;
  const c = canvas.getContext('2d');
  c.fillStyle = '#fff';
  c.fillRect(0, 0, canvas.width, canvas.height);
  const zero = m === null ? H : H / 2;
  c.strokeStyle = '#c7cbe0';
  c.beginPath(); c.moveTo(0, zero + 0.5); c.lineTo(canvas.width, zero + 0.5); c.stroke();
  c.font = '600 14px system-ui, sans-serif';
  c.textAlign = 'center';
  for (let k = 0; k < n; k++) {
    const x = k * W;
    const h = m === null ? v[k] * (H - 4) : (v[k] / m) * (H / 2 - 4);
    c.fillStyle = m === null ? (k === label ? '#4f46e5' : '#a5b4fc') : css(diverging(v[k] / m));
    if (m !== null && Math.abs(v[k] / m) < 0.03) c.fillStyle = '#c7cbe0';
    c.fillRect(x + 6, Math.min(zero, zero - h), W - 12, Math.max(1, Math.abs(h)));
    c.fillStyle = k === label ? '#4f46e5' : '#1d2233';
    c.fillText(String(k), x + W / 2, H + 17);
  }
  canvas.grid = { rows: 1, cols: n, index: (row, col) => col };
}

// dW2 (H × C) drawn with one row per digit k and one column per unit j
function drawHeat(canvas, v, rowsH, colsC, m) {
  const cw = 6;
  const ch = 30;
  canvas.width = rowsH * cw;
  canvas.height = colsC * ch;
  const c = canvas.getContext('2d');
  for (let j = 0; j < rowsH; j++) {
    for (let k = 0; k < colsC; k++) {
      c.fillStyle = css(diverging(v[j * colsC + k] / m));
      c.fillRect(j * cw, k * ch, cw, ch);
    }
  }
  canvas.grid = { rows: colsC, cols: rowsH, index: (row, col) => col * colsC + row };
}

// dW1 (D × H): tile j is column j, 28×28
function drawTiles(canvas, v, hidden, m) {
  const per = Math.ceil(Math.sqrt(hidden));
  const side = 29;
  canvas.width = per * side - 1;
  canvas.height = Math.ceil(hidden / per) * side - 1;
  const c = canvas.getContext('2d');
  c.fillStyle = '#fff';
  c.fillRect(0, 0, canvas.width, canvas.height);
  const img = c.createImageData(28, 28);
  for (let j = 0; j < hidden; j++) {
    for (let p = 0; p < 784; p++) {
      const rgb = diverging(v[p * hidden + j] / m);
      img.data.set([rgb[0], rgb[1], rgb[2], 255], 4 * p);
    }
    c.putImageData(img, (j % per) * side, Math.floor(j / per) * side);
  }
  canvas.grid = {
    rows: canvas.height, cols: canvas.width, tiles: { per, side, hidden },
    index: (row, col) => {
      const j = Math.floor(row / side) * per + Math.floor(col / side);
      const py = row % side;
      const px = col % side;
      return j < hidden && px < 28 && py < 28 ? (py * 28 + px) * hidden + j : -1;
    },
  };
}

function strongestUnit(r) {
  let best = 0;
  for (let j = 0; j < r.dz1.length; j++) if (Math.abs(r.dz1[j]) > Math.abs(r.dz1[best])) best = j;
  return best;
}

function drawBigTile(r) {
  const j = state.unit;
  const hidden = r.shapes.dW1[1];
  const col = new Array(784);
  for (let p = 0; p < 784; p++) col[p] = r.dW1[p * hidden + j];
  const canvas = $('plot-dW1-unit');
  drawImage(canvas, col, 28, 28, false, maxAbs(col));
  canvas.grid.index = (row, c) => (row * 28 + c) * hidden + j;
  canvas._value = (i) => r.dW1[i];
  $('unit-caption').textContent = 'dW1[:, ' + j + '], the tile of unit ' + j + ' (scale ±' + fmt(maxAbs(col)) + ')';
  attachHover(canvas, { name: 'dW1', check: 'W1', kind: 'image' }, r);
}

function lossLine(r) {
  const y = r.label;
  $('loss-line').textContent = 'loss = −log probs[' + y + '] = −log(' + fmt(r.probs[y]) + ') = ' + fmt(r.loss);
}

// ---- hover texts: each cell's value and how it came from its neighbours ----------------------

function explain(name, i, r) {
  const H = r.shapes.h1[1];
  const C = r.shapes.z2[1];
  const v = r[name][i];
  const y = r.label;
  switch (name) {
    case 'x': return 'x[' + Math.floor(i / 28) + ', ' + (i % 28) + '] (pixel ' + i + ') = ' + fmt(v);
    case 'z1': return 'z1[' + i + '] = x · W1[:, ' + i + '] + b1[' + i + '] = ' + fmt(v - r.b1[i]) + ' + ' + fmt(r.b1[i]) + ' = ' + fmt(v);
    case 'h1': return 'h1[' + i + '] = relu(z1[' + i + ']) = max(0, ' + fmt(r.z1[i]) + ') = ' + fmt(v) + (r.z1[i] <= 0 ? '   (off)' : '');
    case 'z2': return 'z2[' + i + '] = h1 · W2[:, ' + i + '] + b2[' + i + '] = ' + fmt(v - r.b2[i]) + ' + ' + fmt(r.b2[i]) + ' = ' + fmt(v)
      + (r.variant === 'notebook' ? '   (the notebook feeds relu(z2[' + i + ']) = ' + fmt(r.scores[i]) + ' to softmax)' : '');
    case 'probs': return 'probs[' + i + '] = exp(' + (r.variant === 'notebook' ? 'relu(z2)' : 'z2') + '[' + i + ']) / Σ_k exp(·[k]) = ' + fmt(v);
    case 'dz2': return 'dz2[' + i + '] = (probs[' + i + '] − 1[' + i + ' = y]) / N = (' + fmt(r.probs[i]) + ' − ' + (i === y ? 1 : 0) + ') / 1 = ' + fmt(v);
    case 'dW2': {
      const j = Math.floor(i / C);
      const k = i % C;
      return 'dW2[' + j + ', ' + k + '] = h1[' + j + '] × dz2[' + k + '] = ' + fmt(r.h1[j]) + ' × ' + fmt(r.dz2[k]) + ' = ' + fmt(v);
    }
    case 'db2': return 'db2[' + i + '] = Σ_rows dz2[:, ' + i + '] = dz2[' + i + '] = ' + fmt(v);
    case 'dh1': {
      let top = 0;
      for (let k = 1; k < C; k++) if (Math.abs(r.dz2[k] * r.W2[i * C + k]) > Math.abs(r.dz2[top] * r.W2[i * C + top])) top = k;
      return 'dh1[' + i + '] = Σ_k dz2[k] · W2[' + i + ', k] = ' + fmt(v) + '   (largest term k = ' + top + ': ' + fmt(r.dz2[top]) + ' × ' + fmt(r.W2[i * C + top]) + ')';
    }
    case 'dz1': return 'dz1[' + i + '] = dh1[' + i + '] × 1[z1[' + i + '] > 0] = ' + fmt(r.dh1[i]) + ' × ' + (r.z1[i] > 0 ? 1 : 0) + ' = ' + fmt(v)
      + (r.z1[i] > 0 ? '' : '   (unit off: z1 = ' + fmt(r.z1[i]) + ' ≤ 0, no gradient passes)');
    case 'dW1': {
      const p = Math.floor(i / H);
      const j = i % H;
      return 'dW1[' + p + ', ' + j + '] = x[' + p + '] × dz1[' + j + '] = ' + fmt(r.x[p]) + ' × ' + fmt(r.dz1[j]) + ' = ' + fmt(v);
    }
    case 'db1': return 'db1[' + i + '] = Σ_rows dz1[:, ' + i + '] = dz1[' + i + '] = ' + fmt(v);
    default: return name + '[' + i + '] = ' + fmt(v);
  }
}

function cellAt(canvas, e) {
  const b = canvas.getBoundingClientRect();
  const col = Math.floor((e.clientX - b.left) / b.width * (canvas.grid.tiles ? canvas.width : canvas.grid.cols));
  const row = Math.floor((e.clientY - b.top) / b.height * (canvas.grid.tiles ? canvas.height : canvas.grid.rows));
  if (col < 0 || row < 0 || col >= (canvas.grid.tiles ? canvas.width : canvas.grid.cols)) return -1;
  return canvas.grid.index(row, col);
}

// The tip follows a mouse; a finger's tap shows it until the next tap.
function showTip(e, name, i, text) {
  const tip = $('tip');
  tip.textContent = text;
  tip.dataset.name = name;
  tip.dataset.index = String(i);
  tip.hidden = false;
  const x = Math.min(e.clientX + 14, window.innerWidth - tip.offsetWidth - 6);
  tip.style.left = Math.max(6, x) + 'px';
  tip.style.top = Math.min(e.clientY + 16, window.innerHeight - tip.offsetHeight - 6) + 'px';
}
function hideTip(e) {
  if (!e || e.pointerType === 'mouse') $('tip').hidden = true;
}

function attachHover(canvas, p, r) {
  canvas.onpointermove = canvas.onpointerdown = (e) => {
    const i = cellAt(canvas, e);
    if (i < 0 || i >= r[p.name].length) { hideTip(e); return; }
    showTip(e, p.name, i, explain(p.name, i, r));
  };
  canvas.onpointerleave = hideTip;
  canvas.onclick = (e) => {
    const i = cellAt(canvas, e);
    if (i < 0) return;
    if (p.kind === 'tiles') {
      state.unit = i % r.shapes.dW1[1];
      drawBigTile(r);
      numbers();
    } else if (p.check) {
      check(p.check, i);
    }
  };
}

// ---- the "numbers" switch: the values themselves, like the notebook's prints -----------------

function numbers() {
  const on = $('numbers').checked;
  const r = state.answer;
  if (!r) return;
  for (const p of PANELS) {
    const pre = $('numbers-' + p.name);
    pre.hidden = !on;
    if (!on) continue;
    if (p.name === 'dW1') {
      const H = r.shapes.dW1[1];
      const col = [];
      for (let q = 0; q < 784; q++) col.push(r.dW1[q * H + state.unit]);
      pre.textContent = 'dW1[:, ' + state.unit + '] as 28×28\n' + matrix(col, 28, 28);
    } else {
      const s = r.shapes[p.name];
      const cols = s[0] === 1 && s[1] > 10 ? 10 : s[1];
      pre.textContent = matrix(r[p.name], r[p.name].length / cols, cols);
    }
  }
}

function matrix(v, rows, cols) {
  const lines = [];
  for (let i = 0; i < rows; i++) lines.push(v.slice(i * cols, (i + 1) * cols).map((x) => fmt(x).padStart(10)).join(''));
  return lines.join('\n');
}

// ---- the step and the check ------------------------------------------------------------------

function stepFigures(r) {
  $('l2').textContent = 'reg = ' + fmt(r.reg) + ' on W1, W2' + (r.reg_biases ? ', b1 and b2' : '') + ' (the training default)';
  const k = r.steps;
  const L = r.losses;
  $('step-status').textContent = k === 0
    ? 'No step taken yet: loss ' + fmt(L[0]) + '.'
    : 'After ' + k + (k === 1 ? ' step' : ' steps') + ' with lr ' + fmt(r.lr) + ': loss ' + fmt(L[0]) + ' → ' + fmt(r.after.loss)
      + ', probs[' + r.label + '] ' + fmt(r.probs[r.label]) + ' → ' + fmt(r.after.probs[r.label]) + '.';
  const chart = $('loss-chart');
  chart.dataset.losses = JSON.stringify(L);
  drawLoss(chart, L);
  drawAfterBars(r);
  const d = $('delta-W2');
  drawHeat(d, r.after.delta_W2, r.shapes.W2[0], r.shapes.W2[1], maxAbs(r.after.delta_W2));
  $('delta-caption').textContent = k === 0
    ? 'ΔW2, the change of W2: none before a step'
    : 'ΔW2, the change of W2 after ' + k + (k === 1 ? ' step' : ' steps') + ' (scale ±' + fmt(maxAbs(r.after.delta_W2)) + ')';
  d._value = (i) => r.after.delta_W2[i];
  d.onpointermove = d.onpointerdown = (e) => {
    const i = cellAt(d, e);
    if (i < 0) { hideTip(e); return; }
    const C = r.shapes.W2[1];
    showTip(e, 'delta_W2', i, 'ΔW2[' + Math.floor(i / C) + ', ' + (i % C) + '] = ' + fmt(r.after.delta_W2[i])
      + '   (the sum over the steps of −lr · (dW2 + reg · W2))');
  };
  d.onpointerleave = hideTip;
  const atMost = k >= 1000;
  $('step1').disabled = atMost;
  $('step10').disabled = k > 990;
}

function drawLoss(canvas, L) {
  // drawn at the screen's resolution, so the axis labels stay readable at any width
  const dpr = window.devicePixelRatio || 1;
  const cssWidth = canvas.clientWidth || 300;
  canvas.width = Math.round(cssWidth * dpr);
  canvas.height = Math.round(cssWidth * 0.55 * dpr);
  const c = canvas.getContext('2d');
  c.setTransform(dpr, 0, 0, dpr, 0, 0);
  const w = cssWidth;
  const h = cssWidth * 0.55;
  c.clearRect(0, 0, w, h);
  const left = 58, right = 12, top = 10, bottom = 24;
  const vals = L.filter((v) => v !== null);
  let hi = Math.max(...vals);
  let lo = Math.min(0, ...vals);
  if (hi - lo < 1e-9) hi = lo + 1;
  const X = (i) => left + (w - left - right) * (L.length === 1 ? 0.5 : i / (L.length - 1));
  const Y = (v) => top + (h - top - bottom) * (1 - (v - lo) / (hi - lo));
  c.font = '12px system-ui, sans-serif';
  c.fillStyle = '#667085';
  c.strokeStyle = '#e3e6ee';
  for (let t = 0; t <= 4; t++) {
    const v = lo + (hi - lo) * t / 4;
    c.beginPath(); c.moveTo(left, Y(v)); c.lineTo(w - right, Y(v)); c.stroke();
    c.fillText(fmt(v), 4, Y(v) + 4);
  }
  c.fillText('step 0', left, h - 8);
  const end = 'step ' + (L.length - 1);
  c.fillText(end, w - right - c.measureText(end).width, h - 8);
  c.strokeStyle = '#4f46e5';
  c.fillStyle = '#4f46e5';
  c.lineWidth = 2.5;
  c.beginPath();
  L.forEach((v, i) => { if (v !== null) (i ? c.lineTo(X(i), Y(v)) : c.moveTo(X(i), Y(v))); });
  c.stroke();
  L.forEach((v, i) => { if (v !== null && L.length <= 40) { c.beginPath(); c.arc(X(i), Y(v), 3.5, 0, 7); c.fill(); } });
}

function drawAfterBars(r) {
  const box = $('after-bars');
  box.replaceChildren();
  for (let k = 0; k < r.after.probs.length; k++) {
    const p = r.after.probs[k];
    const row = el('div', { className: 'bar' + (k === r.label ? ' win' : '') });
    const track = el('div', { className: 'track' });
    const fill = el('div', { className: 'fill' });
    fill.style.width = (100 * (p || 0)).toFixed(1) + '%';
    const mark = el('div', { className: 'mark' });
    mark.style.left = (100 * r.probs[k]).toFixed(1) + '%';
    track.append(fill, mark);
    row.append(el('span', { className: 'label' }, String(k)), track, el('span', { className: 'value' }, fmt(p)));
    box.append(row);
  }
}

async function check(param, index, quiet) {
  if (!lrIsValid()) return;
  const seq = ++state.seq;
  try {
    const r = await api('/api/step', post(request({ check: { param, index } })));
    if (seq !== state.seq) return;
    const c = r.check;
    $('check').hidden = false;
    $('check-hint').hidden = true;
    $('check-what').textContent = param + '[' + index + ']' + weightName(param, index, r);
    $('check-backprop').textContent = fmt(c.backprop);
    $('check-numerical').textContent = fmt(c.numerical) + '  (h = ' + c.h + ')';
    $('check-error').textContent = fmt(c.relative_error);
    const ok = c.relative_error < 1e-2;
    const v = $('check-verdict');
    v.className = 'verdict-line ' + (ok ? 'right' : 'wrong');
    v.textContent = c.backprop === 0 && c.numerical === 0
      ? 'Both are 0: this weight does not touch the loss of this image (an off unit or a blank pixel). Try another.'
      : ok
      ? 'They agree (relative error below 1e-2): backpropagation computed the derivative of this loss.'
      : 'They disagree' + (r.variant === 'notebook'
        ? ': the notebook\'s backward pass is not the derivative of its forward pass (§12).'
        : '.');
    $('check-card').dataset.checked = param + ':' + index;
    if (!quiet) $('check-card').scrollIntoView({ block: 'nearest' });
  } catch (err) {
    setMessage(err.message);
  }
}

function weightName(param, index, r) {
  if (param === 'W1') { const H = r.shapes.dW1[1]; return ' = W1[' + Math.floor(index / H) + ', ' + (index % H) + ']'; }
  if (param === 'W2') { const C = r.shapes.dW2[1]; return ' = W2[' + Math.floor(index / C) + ', ' + (index % C) + ']'; }
  return '';
}

// ---- asking the server -----------------------------------------------------------------------

function post(body) {
  return { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

function request(extra) {
  const body = Object.assign({}, state.input);
  const label = $('label').value;
  if (label !== '') body.label = Number(label);
  body.lr = Number($('lr').value);
  body.steps = state.steps;
  if ($('notebook').checked) body.variant = 'notebook';
  return Object.assign(body, extra || {});
}

function lrIsValid() {
  const lr = Number($('lr').value);
  const ok = $('lr').value !== '' && lr > 0 && lr <= 10;
  if (!ok) setMessage('The learning rate must be a number above 0 and at most 10.');
  return ok;
}

async function ask() {
  if (!state.input || !lrIsValid()) return;
  const seq = ++state.seq;
  try {
    const r = await api('/api/step', post(request()));
    if (seq !== state.seq) return;
    setMessage('');
    if ($('label').value === '') $('label').value = String(r.label);
    render(r);
    if (state.pendingCheck) {
      const c = state.pendingCheck;
      state.pendingCheck = null;
      check(c.param, c.index, true);
    }
  } catch (err) {
    if (seq === state.seq) setMessage(err.message);
  }
}

function choose(input, keep) {
  state.input = input;
  state.unit = null;
  if (!keep) {
    state.steps = 0;
    $('label').value = '';
  }
  $('check').hidden = true;
  $('check-hint').hidden = false;
  $('check-verdict').textContent = '';
  ask();
}

// Class k as the model names it: "7" for MNIST, "7 (Sneaker)" for a model trained on Fashion-MNIST
// (/api/info's class_names).
function named(k) {
  const names = state.info && state.info.class_names;
  return names && names[k] !== undefined && names[k] !== String(k) ? k + ' (' + names[k] + ')' : String(k);
}

function describeInput(r) {
  const note = $('input-note');
  if (r.test_index !== undefined) {
    note.textContent = 'Test image #' + r.test_index + ', true label ' + named(r.true_label) + '; the network answers '
      + named(r.predicted) + '. Learning the label ' + named(r.label) + '.';
  } else {
    note.textContent = 'Your drawing; the network answers ' + named(r.predicted) + '. Learning the label ' + named(r.label) + '.';
  }
}

// ---- start -----------------------------------------------------------------------------------

function storedInput() {
  try {
    const s = JSON.parse(sessionStorage.getItem(INPUT_KEY) || 'null');
    return s && (Array.isArray(s.pixels) || Number.isInteger(s.test_index)) ? s : null;
  } catch (e) {
    return null;
  }
}

async function randomTest() {
  const t = await api('/api/test-digit');
  $('test-index').value = String(t.index);
  choose({ test_index: t.index });
}

async function start() {
  const sel = $('label');
  sel.append(el('option', { value: '' }, 'default'));
  sel.addEventListener('change', () => { state.steps = 0; ask(); });
  $('notebook').addEventListener('change', () => {
    $('notebook-note').hidden = !$('notebook').checked;
    state.steps = 0;
    ask();
  });
  $('numbers').addEventListener('change', numbers);
  $('lr').addEventListener('change', () => { state.steps = 0; ask(); });
  $('step1').addEventListener('click', () => { state.steps = Math.min(1000, state.steps + 1); ask(); });
  $('step10').addEventListener('click', () => { state.steps = Math.min(1000, state.steps + 10); ask(); });
  $('step0').addEventListener('click', () => { state.steps = 0; ask(); });
  $('load-test').addEventListener('click', () => choose({ test_index: Number($('test-index').value) }));
  $('random-test').addEventListener('click', () => randomTest().catch((e) => setMessage(e.message)));
  const drawn = storedInput();
  $('use-drawing').disabled = !(drawn && drawn.pixels);
  $('use-drawing').addEventListener('click', () => choose({ pixels: storedInput().pixels }));
  try {
    state.info = await api('/api/info');
  } catch (err) {
    setMessage('cannot reach the server: ' + err.message);
    return;
  }
  for (let d = 0; d < 10; d++) sel.append(el('option', { value: String(d) }, named(d)));
  if (!state.info.test_digits) {
    for (const id of ['load-test', 'random-test']) $(id).disabled = true;
    $('input-note').textContent = 'Test digits are unavailable: ' + state.info.test_digits_note;
  }
  // ?test_index=i&label=y&steps=k&variant=notebook&check=W2:55 opens the page in that state
  const q = new URLSearchParams(location.search);
  const query = q.get('test_index');
  if (/^\d+$/.test(q.get('label') || '')) $('label').value = q.get('label');
  if (/^\d+$/.test(q.get('steps') || '')) state.steps = Math.min(1000, Number(q.get('steps')));
  if (q.get('variant') === 'notebook') { $('notebook').checked = true; $('notebook-note').hidden = false; }
  if (q.get('numbers') === '1') $('numbers').checked = true;
  if (/^[0-9.]+$/.test(q.get('lr') || '')) $('lr').value = q.get('lr');
  const wanted = /^(W1|b1|W2|b2):\d+$/.test(q.get('check') || '') ? q.get('check').split(':') : null;
  if (wanted) state.pendingCheck = { param: wanted[0], index: Number(wanted[1]) };
  if (query !== null && /^\d+$/.test(query)) {
    $('test-index').value = query;
    choose({ test_index: Number(query) }, true);
  } else if (drawn) {
    if (drawn.test_index !== undefined) $('test-index').value = String(drawn.test_index);
    choose(drawn.pixels ? { pixels: drawn.pixels } : { test_index: drawn.test_index });
  } else if (state.info.test_digits) {
    randomTest().catch((e) => setMessage(e.message));
  } else {
    setMessage('Draw a digit on the draw page first, then follow "look inside one step".');
  }
}

start();

// gmp dashboard: renders the snapshots /api/stream pushes ~10 times a second.
// No build step and no framework: the page must work offline from the jar's classpath.
'use strict';

const HISTORY_SECONDS = 60;       // the chart's window
const RATE_WINDOW_MS = 1000;      // rates are averaged over about this much scheduler time
const STALE_AFTER_MS = 1500;      // no frame for this long: the stream is stale
const RECONNECT_MS = 1000;
const RATE_KEYS = ['created', 'parks', 'steals', 'handoffs', 'syscalls'];

const $ = (id) => document.getElementById(id);

// Slots in each P's local run queue: the snapshot's runqCapacity (-Dgmp.runqSize; 256 by default).
let queueSlots = 256;

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function formatUptime(ms) {
  const s = ms / 1000;
  if (s < 60) return s.toFixed(1) + ' s';
  const m = Math.floor(s / 60);
  if (m < 60) return m + 'm ' + String(Math.floor(s % 60)).padStart(2, '0') + 's';
  return Math.floor(m / 60) + 'h ' + String(m % 60).padStart(2, '0') + 'm';
}

function formatRate(x) {
  if (x === 0) return '0';
  if (x >= 10000) return (x / 1000).toFixed(0) + 'k';
  if (x >= 1000) return (x / 1000).toFixed(1) + 'k';
  return x >= 10 ? x.toFixed(0) : x.toFixed(1);
}

// ---- live stream -------------------------------------------------------------------------

const stream = { socket: null, lastFrameAt: 0 };

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const socket = new WebSocket(scheme + location.host + '/api/stream');
  stream.socket = socket;
  setConn('connecting');
  socket.onmessage = (event) => {
    stream.lastFrameAt = performance.now();
    setConn('live');
    render(JSON.parse(event.data));
  };
  socket.onclose = () => {
    setConn('down');
    setTimeout(connect, RECONNECT_MS);
  };
}

function setConn(state) {
  const c = $('conn');
  if (c.classList.contains(state)) return;
  c.className = 'conn ' + state;
  c.textContent = { live: 'live', stale: 'stale', connecting: 'connecting', down: 'disconnected' }[state];
}

setInterval(() => {
  if (stream.lastFrameAt && performance.now() - stream.lastFrameAt > STALE_AFTER_MS
      && stream.socket && stream.socket.readyState === WebSocket.OPEN) {
    setConn('stale');
  }
}, 500);

// ---- one frame ---------------------------------------------------------------------------

function render(s) {
  $('uptime').textContent = formatUptime(s.uptimeMillis);
  $('gomaxprocs').textContent = s.gomaxprocs;
  if (s.runqCapacity !== queueSlots) {
    queueSlots = s.runqCapacity;
    $('queue-slots').textContent = queueSlots;
    laneCells.forEach((c) => { c.depthTotal.textContent = ' / ' + queueSlots; });
  }
  $('mcount').textContent = s.machines.length;
  renderNotice(s);
  renderGoroutines(s.goroutines);
  renderMachines(s.machines);
  $('global-runq').textContent = s.globalRunqueue;
  renderRates(s);
  renderLanes(s.procs);
  recordHistory(s);
  recordLatency(s.schedLatency, s.uptimeMillis);
}

function renderNotice(s) {
  const n = $('notice');
  if (s.deadlock) {
    n.hidden = false;
    n.className = 'notice deadlock';
    n.textContent = s.deadlock;
  } else if (s.uptimeMillis === 0 && s.machines.length === 0) {
    n.hidden = false;
    n.className = 'notice';
    n.textContent = 'The scheduler has not started yet: it starts with the first goroutine. '
        + 'The dashboard only watches, it does not start it.';
  } else {
    n.hidden = true;
  }
}

// Sets the widths of a .shares bar's segments (in document order) to the given counts' shares.
function renderShares(id, counts) {
  const total = counts.reduce((a, b) => a + b, 0);
  [...$(id).children].forEach((segment, i) => {
    segment.style.width = total > 0 ? (100 * counts[i] / total).toFixed(2) + '%' : '0';
  });
}

function renderGoroutines(g) {
  const states = ['running', 'runnable', 'waiting', 'syscall'];
  for (const k of states) $('g-' + k).textContent = g[k];
  $('g-total').textContent = g.total + ' live';
  renderShares('g-shares', states.map((k) => g[k]));
}

function renderMachines(machines) {
  const states = ['RUNNING', 'SPINNING', 'IDLE', 'SYSCALL'];
  const counts = states.map((k) => machines.filter((m) => m.state === k).length);
  states.forEach((k, i) => { $('m-' + k.toLowerCase()).textContent = counts[i]; });
  renderShares('m-shares', counts);
}

// Rates come from successive totals divided by the scheduler's own elapsed time, so a paused
// tab or a dropped frame does not distort them.
const rateFrames = [];

function renderRates(s) {
  rateFrames.push({ t: s.uptimeMillis, totals: s.totals });
  while (rateFrames.length > 2 && s.uptimeMillis - rateFrames[1].t >= RATE_WINDOW_MS) rateFrames.shift();
  if (rateFrames.length > 0 && rateFrames[0].t > s.uptimeMillis) rateFrames.splice(0, rateFrames.length - 1); // restarted
  const first = rateFrames[0];
  const dt = (s.uptimeMillis - first.t) / 1000;
  for (const k of RATE_KEYS) {
    $('r-' + k).textContent = dt > 0 ? formatRate(Math.max(0, s.totals[k] - first.totals[k]) / dt) : '0';
  }
}

// ---- P lanes -----------------------------------------------------------------------------

const laneCells = [];

function makeLane(id) {
  const lane = el('div', 'lane');
  lane.dataset.p = id;
  const cells = {
    pid: el('span', 'pid', 'P' + id),
    status: el('span', 'status'),
    m: el('span', 'mono'),
    current: el('span', 'mono'),
    runnext: el('span', 'mono'),
    fill: el('div', 'fill'),
    next: el('div', 'next'),
    depthValue: el('span', 'depth-value'),
    steals: el('span', 'mono'),
  };
  const statusCell = el('span');
  statusCell.append(cells.status);
  const bar = el('div', 'bar');
  bar.append(cells.fill, cells.next);
  const depth = el('span', 'depth');
  cells.depthTotal = el('span', null, ' / ' + queueSlots);
  depth.append(cells.depthValue, cells.depthTotal);
  const queue = el('div', 'queue');
  queue.append(bar, depth);
  lane.append(cells.pid, statusCell, cells.m, cells.current, cells.runnext, queue, cells.steals);
  cells.lane = lane;
  return cells;
}

function idText(cell, prefix, id) {
  cell.textContent = id >= 0 ? prefix + id : '–';
  cell.classList.toggle('dim', id < 0);
}

function renderLanes(procs) {
  const box = $('lanes');
  while (laneCells.length < procs.length) {
    const cells = makeLane(laneCells.length);
    laneCells.push(cells);
    box.append(cells.lane);
  }
  while (laneCells.length > procs.length) laneCells.pop().lane.remove();
  procs.forEach((p, i) => {
    const c = laneCells[i];
    c.lane.dataset.status = p.status;
    c.status.className = 'status ' + p.status;
    c.status.textContent = p.status;
    idText(c.m, 'M', p.m);
    idText(c.current, 'G', p.current);
    idText(c.runnext, 'G', p.runnext);
    const share = Math.min(1, p.runqueue / queueSlots);
    c.fill.style.width = (share * 100).toFixed(1) + '%';
    c.fill.className = 'fill' + (share >= 1 ? ' full' : share >= 0.75 ? ' high' : '');
    c.next.hidden = p.runnext < 0;
    c.depthValue.textContent = p.runqueue;
    c.steals.textContent = p.stealsIn + ' / ' + p.stealsOut;
  });
}

// ---- timeline chart (uPlot) --------------------------------------------------------------

const history = { xs: [], perP: [], global: [] };
let chart = null;
let chartProcs = -1;

function procColour(i) {
  return 'hsl(' + Math.round((i * 137.508) % 360) + ', 65%, 45%)';
}

function recordHistory(s) {
  const now = Date.now() / 1000;
  history.xs.push(now);
  history.global.push(s.globalRunqueue);
  while (history.perP.length < s.procs.length) history.perP.push(history.xs.slice(1).map(() => null));
  history.perP.forEach((ys, i) => ys.push(i < s.procs.length ? s.procs[i].runqueue : null));
  while (history.xs.length && history.xs[0] < now - HISTORY_SECONDS) {
    history.xs.shift();
    history.global.shift();
    history.perP.forEach((ys) => ys.shift());
  }
  if (chartProcs !== s.procs.length) makeChart(s.procs.length);
  chart.setData([history.xs, ...history.perP.slice(0, chartProcs), history.global]);
}

function chartWidth() {
  return Math.max(300, $('chart').clientWidth);
}

function makeChart(procs) {
  if (chart) chart.destroy();
  chartProcs = procs;
  const series = [{}];
  for (let i = 0; i < procs; i++) {
    series.push({ label: 'P' + i, stroke: procColour(i), width: 1.5, points: { show: false } });
  }
  // The global queue can hold thousands while a local queue holds at most 256: it gets its own
  // scale on the right, so it cannot flatten the per-P lines.
  series.push({ label: 'global (right axis)', scale: 'global', stroke: '#1d2330', width: 1.5, dash: [6, 4],
    points: { show: false } });
  chart = new uPlot({
    width: chartWidth(),
    height: 220,
    series,
    scales: {
      x: { time: true, range: (u, min, max) => [max - HISTORY_SECONDS, max] },
      y: { range: (u, min, max) => [0, Math.max(4, max)] },
      global: { range: (u, min, max) => [0, Math.max(4, max)] },
    },
    axes: [
      {},
      { label: 'Gs in local queue', size: 56 },
      { scale: 'global', side: 1, label: 'Gs in global queue', size: 60, grid: { show: false } },
    ],
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
  }, [history.xs, ...history.perP.slice(0, procs), history.global], $('chart'));
}

window.addEventListener('resize', () => {
  if (chart) chart.setSize({ width: chartWidth(), height: 220 });
});

// ---- scheduling latency (uPlot) ----------------------------------------------------------

// The snapshot's histogram only grows: the difference of two frames a second apart is the
// histogram of that second. Quantiles are the upper bound of the bucket holding them.
const LATENCY_STEP_MS = 1000;
const latency = { base: null, xs: [], p50: [], p99: [], max: [] };
let latencyChart = null;

// The upper bound of bucket i in ns; the +Inf bucket is shown as twice the last bound.
function bucketBound(h, i) {
  const bounds = h.upperBoundsNanos;
  return i < bounds.length ? bounds[i] : 2 * bounds[bounds.length - 1];
}

function quantileBound(h, counts, total, q) {
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i];
    if (seen >= rank) return bucketBound(h, i);
  }
  return null;
}

function formatNanos(ns) {
  if (ns === null) return '–';
  const prefix = '≤ ';
  if (ns < 1e3) return prefix + ns + ' ns';
  if (ns < 1e6) return prefix + (ns / 1e3).toFixed(ns < 1e4 ? 1 : 0) + ' µs';
  if (ns < 1e9) return prefix + (ns / 1e6).toFixed(ns < 1e7 ? 1 : 0) + ' ms';
  return prefix + (ns / 1e9).toFixed(1) + ' s';
}

function recordLatency(h, uptimeMillis) {
  if (!h) return;
  const base = latency.base;
  if (!base || base.t > uptimeMillis) { // the first frame, or the scheduler restarted
    latency.base = { t: uptimeMillis, counts: h.counts };
    return;
  }
  if (uptimeMillis - base.t < LATENCY_STEP_MS) return;
  const counts = h.counts.map((c, i) => Math.max(0, c - base.counts[i]));
  latency.base = { t: uptimeMillis, counts: h.counts };
  const total = counts.reduce((a, b) => a + b, 0);
  let highest = -1;
  counts.forEach((c, i) => { if (c > 0) highest = i; });
  const p50 = total > 0 ? quantileBound(h, counts, total, 0.5) : null;
  const p99 = total > 0 ? quantileBound(h, counts, total, 0.99) : null;
  const max = highest >= 0 ? bucketBound(h, highest) : null;
  $('lat-p50').textContent = formatNanos(p50);
  $('lat-p99').textContent = formatNanos(p99);
  $('lat-max').textContent = formatNanos(max);
  const now = Date.now() / 1000;
  if (window.latencyHeatmap) window.latencyHeatmap.push(now, h.upperBoundsNanos, counts);
  const micros = (ns) => (ns === null ? null : ns / 1e3);
  latency.xs.push(now);
  latency.p50.push(micros(p50));
  latency.p99.push(micros(p99));
  latency.max.push(micros(max));
  while (latency.xs.length && latency.xs[0] < now - HISTORY_SECONDS) {
    for (const k of ['xs', 'p50', 'p99', 'max']) latency[k].shift();
  }
  const data = [latency.xs, latency.p50, latency.p99, latency.max];
  if (!latencyChart) makeLatencyChart(data); else latencyChart.setData(data);
}

function makeLatencyChart(data) {
  const line = (label, stroke) => ({ label, stroke, width: 1.5, points: { show: false }, spanGaps: false });
  latencyChart = new uPlot({
    width: Math.max(300, $('latency-chart').clientWidth),
    height: 180,
    series: [{}, line('p50', '#2f7d4f'), line('p99', '#c77d12'), line('max', '#b3261e')],
    scales: {
      x: { time: true, range: (u, min, max) => [max - HISTORY_SECONDS, max] },
      y: { distr: 3, range: (u, min, max) => [1, Math.max(1000, max || 1)] },
    },
    axes: [{}, { label: 'µs (log scale)', size: 60 }],
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
  }, data, $('latency-chart'));
}

window.addEventListener('resize', () => {
  if (latencyChart) latencyChart.setSize({ width: Math.max(300, $('latency-chart').clientWidth), height: 180 });
});

// ---- goroutine dump ----------------------------------------------------------------------

let dumpGroups = [];
let dumpTimer = null;

async function loadDump() {
  try {
    const reply = await fetch('/api/goroutines', { cache: 'no-store' });
    if (!reply.ok) throw new Error(await reply.text());
    const body = await reply.json();
    dumpGroups = body.groups;
    renderDump();
  } catch (e) {
    $('dump-summary').textContent = 'could not load: ' + e.message;
  }
}

function groupText(g) {
  return [g.state, g.waitReason, ...g.stack, ...g.goids.map((id) => 'G' + id)].join('\n').toLowerCase();
}

// The innermost frame outside the JDK says where the goroutine is in the application's code.
function whereItIs(stack) {
  if (stack.length === 0) return '(no frames)';
  return stack.find((f) => !/^(java\.base\/|jdk\.|java\.|sun\.)/.test(f)) || stack[0];
}

function renderDump() {
  const query = $('dump-filter').value.trim().toLowerCase();
  const shown = query ? dumpGroups.filter((g) => groupText(g).includes(query)) : dumpGroups;
  const total = dumpGroups.reduce((n, g) => n + g.count, 0);
  const shownCount = shown.reduce((n, g) => n + g.count, 0);
  $('dump-summary').textContent = query
      ? shownCount + ' of ' + total + ' goroutines match, in ' + shown.length + ' of ' + dumpGroups.length + ' stacks'
      : total + ' goroutines in ' + dumpGroups.length + ' distinct stacks';
  const box = $('dump');
  box.replaceChildren();
  if (shown.length === 0) {
    box.append(el('div', 'empty', dumpGroups.length === 0 ? 'No live goroutines.' : 'Nothing matches the filter.'));
    return;
  }
  const openAll = query !== '' || shown.length <= 12;
  for (const g of shown) {
    const details = el('details', 'group');
    details.open = openAll;
    const summary = el('summary');
    summary.append(el('span', 'count', g.count + '×'), el('span', 'state ' + g.state, g.state));
    if (g.waitReason) summary.append(el('span', 'reason', '[' + g.waitReason + ']'));
    summary.append(el('span', 'top', whereItIs(g.stack)));
    const ids = g.goids.slice(0, 12).map((id) => 'G' + id).join(' ');
    summary.append(el('span', 'goids', ids + (g.count > 12 ? ' …' : '')));
    details.append(summary, el('pre', '', g.stack.join('\n')));
    box.append(details);
  }
}

$('dump-filter').addEventListener('input', renderDump);
$('dump-refresh').addEventListener('click', loadDump);
$('dump-auto').addEventListener('change', (e) => {
  clearInterval(dumpTimer);
  dumpTimer = e.target.checked ? setInterval(loadDump, 2000) : null;
});

// ---- control -----------------------------------------------------------------------------

async function setupControl() {
  const reply = await fetch('/api/gomaxprocs', { cache: 'no-store' });
  const info = await reply.json();
  $('control').hidden = !info.control;
  $('readonly').hidden = info.control;
  $('control-n').value = info.gomaxprocs;
}

$('control').addEventListener('submit', async (event) => {
  event.preventDefault();
  const result = $('control-result');
  try {
    const reply = await fetch('/api/gomaxprocs', { method: 'POST', body: $('control-n').value });
    const text = await reply.text();
    if (!reply.ok) {
      result.textContent = text.trim();
      return;
    }
    const body = JSON.parse(text);
    result.textContent = 'GOMAXPROCS ' + body.previous + ' → ' + body.gomaxprocs;
  } catch (e) {
    result.textContent = 'failed: ' + e.message;
  }
});

setupControl().catch(() => { $('readonly').hidden = false; });
loadDump();
connect();

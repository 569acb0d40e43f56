'use strict';
// The timeline: what every P ran in the last moments, from the flight recorder (/api/trace).
// One lane per P, one per M seen in a syscall; slices coloured by G; wheel zooms, drag pans,
// a click on a slice shows its G, why the slice ended and the G's current stack (/api/goroutines).
// Drawn on a canvas: a window holds tens of thousands of slices.
(() => {
  const canvas = document.getElementById('timeline');
  const detail = document.getElementById('tl-detail');
  const status = document.getElementById('tl-status');
  const windowSelect = document.getElementById('tl-window');
  const liveBox = document.getElementById('tl-live');
  const download = document.getElementById('tl-download');
  const LANE = 22, GAP = 4, AXIS = 20, LABEL = 64, POLL_MS = 1000;

  let trace = null;      // the last /api/trace reply
  let lanes = [];        // [{name, kind: 'p'|'m', slices: [[start,end,goid,m,end,reason]], syscalls, marks}]
  let view = null;       // [from, to] in ns since the scheduler started, or null: the whole window
  let drag = null;
  let fetches = 0;

  const windowMs = () => Number(windowSelect.value);

  function laneOf(p) {
    return { name: 'P' + p.p, kind: 'p', id: p.p, slices: p.slices, syscalls: [],
      marks: p.steals.map((s) => ({ at: s[0], text: 'stole ' + s[2] + ' G from P' + s[1] + ' (M' + s[3] + ')' }))
        .concat(p.handoffs.map((h) => ({ at: h[0], text: 'handed to M' + h[2] + ' from '
          + (h[1] < 0 ? 'the idle list' : 'M' + h[1]) + ': ' + h[3] }))) };
  }

  function build(t) {
    const ps = t.ps.map(laneOf);
    const ms = t.ms.map((m) => ({ name: 'M' + m.m, kind: 'm', id: m.m, slices: m.slices, syscalls: m.syscalls, marks: [] }));
    return ps.concat(ms);
  }

  async function poll() {
    if (!liveBox.checked && trace) return;
    try {
      const reply = await fetch('/api/trace?ms=' + windowMs(), { cache: 'no-store' });
      if (!reply.ok) throw new Error(await reply.text());
      trace = await reply.json();
      lanes = build(trace);
      fetches++;
      canvas.dataset.fetches = String(fetches);
      canvas.dataset.lanes = lanes.map((l) => l.name).join(',');
      canvas.dataset.to = String(trace.toNanos);
      const slices = lanes.reduce((n, l) => n + l.slices.length, 0);
      status.textContent = trace.enabled
        ? slices + ' slices · ' + (trace.bytesPerP / 1024) + ' KiB of record per P'
        : 'the flight recorder is off (-Dgmp.flightRecorder=off)';
      draw();
    } catch (e) {
      status.textContent = 'could not load the trace: ' + e.message;
    }
  }

  function range() {
    return view || [trace.fromNanos, trace.toNanos];
  }

  function colour(goid) {
    return 'hsl(' + ((goid * 137.508) % 360).toFixed(0) + ',55%,' + (goid % 2 ? 48 : 58) + '%)';
  }

  function laneTop(i) {
    return AXIS + i * (LANE + GAP);
  }

  function resize() {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = AXIS + Math.max(1, lanes.length) * (LANE + GAP);
    canvas.style.height = height + 'px';
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return { ctx, width, height };
  }

  // A round step for about 8 ticks across the view.
  function tickStep(span) {
    const raw = span / 8;
    const pow = Math.pow(10, Math.floor(Math.log10(raw)));
    return [1, 2, 5, 10].map((k) => k * pow).find((s) => s >= raw);
  }

  function duration(ns) {
    const a = Math.abs(ns);
    if (a >= 1e9) return (ns / 1e9).toFixed(a >= 1e10 ? 0 : 2) + ' s';
    if (a >= 1e6) return (ns / 1e6).toFixed(a >= 1e7 ? 0 : 2) + ' ms';
    if (a >= 1e3) return (ns / 1e3).toFixed(a >= 1e4 ? 0 : 2) + ' µs';
    return ns.toFixed(0) + ' ns';
  }

  function draw() {
    if (!trace) return;
    const { ctx, width, height } = resize();
    const [from, to] = range();
    const span = Math.max(1, to - from);
    const x = (t) => LABEL + (t - from) / span * (width - LABEL);
    ctx.clearRect(0, 0, width, height);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    const step = tickStep(span);
    ctx.fillStyle = '#6b7383';
    ctx.strokeStyle = '#eef0f3';
    for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
      const px = x(t);
      ctx.beginPath(); ctx.moveTo(px, AXIS - 4); ctx.lineTo(px, height); ctx.stroke();
      ctx.fillText(duration(t - trace.toNanos), px + 2, AXIS / 2);
    }
    lanes.forEach((lane, i) => {
      const top = laneTop(i);
      ctx.fillStyle = lane.kind === 'p' ? '#f7f8fa' : '#fdf5ec';
      ctx.fillRect(LABEL, top, width - LABEL, LANE);
      ctx.fillStyle = '#1d2330';
      ctx.fillText(lane.name, 6, top + LANE / 2);
      for (const c of lane.syscalls) drawSpan(ctx, x, c[0], c[1], top, '#e07b12', 'syscall G' + c[2], from, to);
      for (const s of lane.slices) drawSpan(ctx, x, s[0], s[1], top, colour(s[2]), 'G' + s[2], from, to);
      ctx.fillStyle = 'rgba(139,79,209,.8)'; // steals and handoffs: thin ticks above the slices
      for (const m of lane.marks) {
        if (m.at >= from && m.at <= to) ctx.fillRect(x(m.at) - 0.5, top - 2, 1.5, 5);
      }
    });
  }

  function drawSpan(ctx, x, start, end, top, fill, label, from, to) {
    if (end < from || start > to) return;
    const x0 = Math.max(LABEL, x(start)), x1 = x(end);
    const w = Math.max(1, x1 - x0);
    ctx.fillStyle = fill;
    ctx.fillRect(x0, top + 2, w, LANE - 4);
    if (w > 40) {
      ctx.save();
      ctx.beginPath(); ctx.rect(x0, top, w, LANE); ctx.clip();
      ctx.fillStyle = '#fff';
      ctx.fillText(label, x0 + 3, top + LANE / 2);
      ctx.restore();
    }
  }

  // The lane and slice under canvas point (px, py), or null. A slice narrower than a pixel is hit
  // within one pixel either side, as drawn.
  function hit(px, py) {
    if (!trace || px < LABEL) return null;
    const i = Math.floor((py - AXIS) / (LANE + GAP));
    if (i < 0 || i >= lanes.length || py - laneTop(i) > LANE) return null;
    const [from, to] = range();
    const perPx = (to - from) / (canvas.clientWidth - LABEL);
    const t = from + (px - LABEL) * perPx;
    const lane = lanes[i];
    let best = null, bestDistance = Infinity;
    for (const s of lane.slices.concat(lane.syscalls.map((c) => [c[0], c[1], c[2], lane.id, 'syscall', '', 0, c[3]]))) {
      const d = t < s[0] ? s[0] - t : t > s[1] ? t - s[1] : 0;
      if (d < bestDistance) { best = s; bestDistance = d; }
    }
    return best && bestDistance <= perPx ? { lane, slice: best } : null;
  }

  async function show(found) {
    const { lane, slice } = found;
    const [start, end, goid, m, why, reason] = slice;
    const where = lane.kind === 'p' ? 'on P' + lane.id + ' (M' + m + ')' : 'on M' + lane.id;
    const inSyscall = slice.length > 7; // a syscall span: [start, end, goid, m, 'syscall', '', 0, leftP]
    const ended = inSyscall ? 'in a syscall' + (slice[7] >= 0 ? ', left P' + slice[7] : '')
      : why === 'running' ? 'still running' : 'ended: ' + why + (reason ? ' (' + reason + ')' : '');
    detail.hidden = false;
    detail.replaceChildren();
    const head = document.createElement('div');
    head.className = 'tl-head';
    head.textContent = 'G' + goid + ' ' + where + ' · ' + (slice[6] === 1 ? '≈ ' : '')
      + duration(end - start) + ' · ' + ended;
    head.dataset.goid = String(goid);
    const stack = document.createElement('pre');
    stack.textContent = 'loading its stack…';
    detail.append(head, stack);
    try {
      const reply = await fetch('/api/goroutines', { cache: 'no-store' });
      if (!reply.ok) throw new Error(await reply.text());
      const group = (await reply.json()).groups.find((g) => g.goids.includes(goid));
      stack.textContent = group
        ? 'now ' + group.state + (group.waitReason ? ' [' + group.waitReason + ']' : '') + '\n' + group.stack.join('\n')
        : 'G' + goid + ' is no longer live (or is past the first 100 ids of its stack group in the dump)';
    } catch (e) {
      stack.textContent = 'could not load its stack: ' + e.message;
    }
  }

  canvas.addEventListener('wheel', (e) => {
    if (!trace) return;
    e.preventDefault();
    const [from, to] = range();
    const rect = canvas.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (e.clientX - rect.left - LABEL) / (rect.width - LABEL)));
    const at = from + f * (to - from);
    const scale = Math.exp(e.deltaY * 0.002);
    const span = Math.min(trace.toNanos - trace.fromNanos, Math.max(1000, (to - from) * scale));
    view = [at - f * span, at - f * span + span];
    draw();
  }, { passive: false });

  canvas.addEventListener('mousedown', (e) => {
    drag = { x: e.clientX, view: range(), moved: false };
  });
  window.addEventListener('mousemove', (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x;
    if (Math.abs(dx) > 2) drag.moved = true;
    if (!drag.moved) return;
    const [from, to] = drag.view;
    const shift = dx / (canvas.clientWidth - LABEL) * (to - from);
    view = [from - shift, to - shift];
    draw();
  });
  window.addEventListener('mouseup', (e) => {
    const wasDrag = drag && drag.moved;
    drag = null;
    if (wasDrag || e.target !== canvas) return;
    const rect = canvas.getBoundingClientRect();
    const found = hit(e.clientX - rect.left, e.clientY - rect.top);
    if (found) show(found);
  });

  document.getElementById('tl-reset').addEventListener('click', () => { view = null; draw(); });
  windowSelect.addEventListener('change', () => {
    download.href = '/api/trace.json?ms=' + windowMs();
    view = null;
    trace = null;
    poll();
  });
  window.addEventListener('resize', draw);

  // For tests and the curious: where slice k of a lane is drawn, in CSS pixels from the canvas's corner.
  window.gmpTimeline = {
    sliceCentre(laneName, k) {
      const i = lanes.findIndex((l) => l.name === laneName);
      if (i < 0 || !lanes[i].slices[k]) return null;
      const s = lanes[i].slices[k];
      const [from, to] = range();
      const x = (t) => LABEL + (t - from) / (to - from) * (canvas.clientWidth - LABEL);
      const mid = (Math.max(s[0], from) + Math.min(s[1], to)) / 2;
      return { x: x(mid), y: laneTop(i) + LANE / 2, goid: s[2] };
    },
    longestSliceOf(goid) {
      let best = null;
      for (const lane of lanes) {
        lane.slices.forEach((s, k) => {
          if (s[2] === goid && (!best || s[1] - s[0] > best.length)) best = { lane: lane.name, k, length: s[1] - s[0] };
        });
      }
      return best;
    },
  };

  download.href = '/api/trace.json?ms=' + windowMs();
  poll();
  setInterval(poll, POLL_MS);
})();

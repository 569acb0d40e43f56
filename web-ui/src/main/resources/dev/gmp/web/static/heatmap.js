'use strict';
// The scheduling-latency heatmap: one column per second of the last minute, one row per bucket of
// the snapshot's latency histogram (powers of two, 1 µs at the bottom to 4 s and over at the top),
// each cell coloured by how many sampled Gs waited that long in that second, on a log colour scale
// (a busy second's thousands would otherwise wash out the tail that matters). app.js differences
// the stream's cumulative histogram per second and hands each second's counts to push().
window.latencyHeatmap = (() => {
  const canvas = document.getElementById('latency-heatmap');
  const HISTORY_SECONDS = 60, LEFT = 64, RIGHT = 56, TOP = 8, BOTTOM = 34;
  const EMPTY = '#f4f6f9';
  let columns = [];   // [{from, t: seconds since the epoch, counts: per bucket}]
  let bounds = [];    // the finite buckets' upper bounds in ns; one more bucket holds the rest

  function push(t, upperBoundsNanos, counts) {
    bounds = upperBoundsNanos;
    // A column covers the time since the previous one (more than a second when frames came late).
    const previous = columns.length ? columns[columns.length - 1].t : t - 1;
    columns.push({ from: Math.max(previous, t - 5), t, counts });
    while (columns.length && columns[0].t <= t - HISTORY_SECONDS) columns.shift();
    draw();
  }

  // Light blue (one G) to dark red (the window's busiest cell), interpolated in log(count).
  function colour(count, highest) {
    const f = highest > 1 ? Math.log(count) / Math.log(highest) : 1;
    const from = [198, 219, 239], to = [165, 15, 21];
    const c = from.map((v, i) => Math.round(v + (to[i] - v) * f));
    return 'rgb(' + c.join(',') + ')';
  }

  function shortNanos(ns) {
    if (ns < 1e6) return Math.round(ns / 1e3) + ' µs';
    if (ns < 1e9) return Math.round(ns / 1e6) + ' ms';
    return (ns / 1e9).toFixed(1) + ' s';
  }

  function draw() {
    const dpr = window.devicePixelRatio || 1;
    const width = canvas.clientWidth, height = canvas.clientHeight;
    if (width === 0 || height === 0) return;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    const g = canvas.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, height);
    const rows = bounds.length + 1;
    const plotW = width - LEFT - RIGHT, plotH = height - TOP - BOTTOM;
    const cellW = plotW / HISTORY_SECONDS, cellH = plotH / Math.max(1, rows);
    g.fillStyle = EMPTY;
    g.fillRect(LEFT, TOP, plotW, plotH);

    const highest = columns.reduce((m, c) => Math.max(m, ...c.counts), 0);
    const now = columns.length ? columns[columns.length - 1].t : 0;
    let cells = 0;
    for (const column of columns) {
      const x = LEFT + plotW - (now - column.from) * cellW;
      const w = Math.ceil((column.t - column.from) * cellW);
      column.counts.forEach((count, i) => {
        if (count <= 0) return;
        cells++;
        g.fillStyle = colour(count, highest);
        g.fillRect(x, TOP + plotH - (i + 1) * cellH, w, Math.ceil(cellH));
      });
    }

    g.fillStyle = '#555';
    g.strokeStyle = '#999';
    g.font = '11px system-ui, sans-serif';
    // y: a bucket's top edge every few rows, labelled with its bound.
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (let i = 0; i < bounds.length; i += 5) {
      const y = TOP + plotH - (i + 1) * cellH;
      g.fillText(shortNanos(bounds[i]), LEFT - 6, y);
      g.beginPath(); g.moveTo(LEFT - 3, y); g.lineTo(LEFT, y); g.stroke();
    }
    g.save();
    g.translate(12, TOP + plotH / 2);
    g.rotate(-Math.PI / 2);
    g.textAlign = 'center';
    g.fillText('waited (log scale)', 0, 0);
    g.restore();
    // x: seconds before the newest column.
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (let s = HISTORY_SECONDS; s >= 0; s -= 15) {
      const x = LEFT + plotW - s * cellW;
      g.fillText(s === 0 ? 'now' : '−' + s + ' s', x, TOP + plotH + 4);
    }
    g.fillText('seconds ago', LEFT + plotW / 2, TOP + plotH + 18);
    // The colour scale: one G at the bottom, the busiest cell at the top.
    const barX = LEFT + plotW + 10;
    for (let k = 0; k < plotH; k++) {
      g.fillStyle = colour(Math.exp(Math.log(Math.max(1, highest)) * (1 - k / plotH)), highest);
      g.fillRect(barX, TOP + k, 10, 1);
    }
    g.fillStyle = '#555';
    g.textAlign = 'left';
    g.textBaseline = 'top';
    g.fillText(String(Math.max(1, highest)), barX + 13, TOP);
    g.textBaseline = 'bottom';
    g.fillText('1 G', barX + 13, TOP + plotH);

    canvas.dataset.columns = String(columns.length);
    canvas.dataset.cells = String(cells);
  }

  window.addEventListener('resize', draw);
  return { push };
})();

// gmp dashboard: the goroutine table (tokio-console's task view) and the scheduler's warnings.
// The server picks the top rows by the sort key (/api/goroutines/table); the text filter works on
// the rows shown; a click on a row asks for that goroutine's stack.
'use strict';

(() => {
  const REFRESH_MS = 2000;
  const table = { sort: 'id', rows: [], selected: null, timer: null };

  function formatNanos(ns) {
    if (ns < 1e3) return ns + ' ns';
    if (ns < 1e6) return (ns / 1e3).toFixed(1) + ' µs';
    if (ns < 1e9) return (ns / 1e6).toFixed(1) + ' ms';
    return (ns / 1e9).toFixed(2) + ' s';
  }

  async function getJson(url) {
    const reply = await fetch(url, { cache: 'no-store' });
    if (!reply.ok) throw new Error(await reply.text());
    return reply.json();
  }

  async function loadTable() {
    const params = new URLSearchParams({ sort: table.sort, limit: $('gt-limit').value });
    const state = $('gt-state').value;
    if (state) params.set('state', state);
    try {
      const body = await getJson('/api/goroutines/table?' + params);
      table.rows = body.rows;
      renderTable();
    } catch (e) {
      $('gt-summary').textContent = 'could not load: ' + e.message;
    }
  }

  function rowText(r) {
    return ['G' + r.goid, r.state, r.waitReason, r.topFrame].join('\n').toLowerCase();
  }

  function renderTable() {
    const query = $('gt-filter').value.trim().toLowerCase();
    const shown = query ? table.rows.filter((r) => rowText(r).includes(query)) : table.rows;
    $('gt-summary').textContent = (query ? shown.length + ' of ' : '') + table.rows.length
        + ' goroutines, top by ' + table.sort;
    for (const th of document.querySelectorAll('#gt-table th[data-sort]')) {
      th.classList.toggle('sorted', th.dataset.sort === table.sort);
    }
    const body = $('gt-rows');
    body.replaceChildren();
    for (const r of shown) {
      const tr = el('tr');
      tr.dataset.goid = r.goid;
      if (r.goid === table.selected) tr.classList.add('selected');
      tr.append(el('td', 'num', 'G' + r.goid), el('td', 'state ' + r.state, r.state),
          el('td', '', r.waitReason), el('td', 'num', formatNanos(r.ageNanos)),
          el('td', 'num', formatNanos(r.runnableNanos)), el('td', 'num', formatNanos(r.runningNanos)),
          el('td', 'num', formatNanos(r.waitingNanos)), el('td', 'num', String(r.slices)),
          el('td', 'num', String(r.wakeups)), el('td', 'frame', r.topFrame));
      tr.addEventListener('click', () => showStack(r.goid));
      body.append(tr);
    }
    if (shown.length === 0) {
      const tr = el('tr');
      const td = el('td', 'empty', table.rows.length === 0 ? 'No live goroutines.' : 'Nothing matches the filter.');
      td.colSpan = 10;
      tr.append(td);
      body.append(tr);
    }
  }

  async function showStack(goid) {
    table.selected = goid;
    renderTable();
    $('gt-stack-title').textContent = 'G' + goid;
    const pre = $('gt-stack');
    try {
      const body = await getJson('/api/goroutines/' + goid + '/stack');
      pre.textContent = body.stack.join('\n');
    } catch (e) {
      pre.textContent = e.message;
    }
    $('gt-stack-box').hidden = false;
  }

  async function loadWarnings() {
    try {
      const body = await getJson('/api/warnings');
      renderWarnings(body);
    } catch (e) {
      // the stream's own indicator reports a dashboard that stopped answering
    }
  }

  function warningLine(w) {
    const what = w.kind === 'long_running'
        ? 'ran ' + formatNanos(w.durationNanos) + ' on P' + w.p + ' without yielding'
        : 'waited ' + formatNanos(w.durationNanos) + ' runnable before P' + w.p + ' ran it';
    return new Date(w.epochMillis).toLocaleTimeString() + '  G' + w.goid + ' ' + what;
  }

  function renderWarnings(body) {
    const longRunning = body.counts.long_running;
    const runnable = body.counts.runnable_too_long;
    const banner = $('warnings');
    banner.hidden = longRunning + runnable === 0;
    $('warnings-summary').textContent = longRunning + ' slices ran over 10 ms without yielding · '
        + runnable + ' goroutines waited runnable over 100 ms (sampled)';
    const list = $('warnings-list');
    list.replaceChildren();
    for (const w of body.recent) {
      const details = el('details', 'warning ' + w.kind);
      details.append(el('summary', '', warningLine(w)));
      if (w.stack.length > 0) details.append(el('pre', '', w.stack.join('\n')));
      list.append(details);
    }
  }

  function every(ms) {
    clearInterval(table.timer);
    table.timer = ms ? setInterval(() => { loadTable(); loadWarnings(); }, ms) : null;
  }

  for (const th of document.querySelectorAll('#gt-table th[data-sort]')) {
    th.addEventListener('click', () => {
      table.sort = th.dataset.sort;
      loadTable();
    });
  }
  $('gt-filter').addEventListener('input', renderTable);
  $('gt-state').addEventListener('change', loadTable);
  $('gt-limit').addEventListener('change', loadTable);
  $('gt-refresh').addEventListener('click', () => { loadTable(); loadWarnings(); });
  $('gt-live').addEventListener('change', (e) => every(e.target.checked ? REFRESH_MS : 0));
  loadTable();
  loadWarnings();
  every(REFRESH_MS);
})();

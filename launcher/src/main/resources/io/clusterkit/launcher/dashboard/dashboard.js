// The live dashboard of a ClusterKit launcher: the stream /live gives the ten-minute history
// once, then every second the slots' figures; the charts are uPlot's (served from launcher.jar).
(function () {
  'use strict';
  const WINDOW = 600;
  const MB = 1024 * 1024;
  const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2',
    '#17becf', '#7f7f7f', '#bcbd22'];
  const $ = (id) => document.getElementById(id);
  const data = { t: [], slots: {} };
  let markers = [];
  let charts = [];
  let chartKey = '';
  let latest = { rows: [], totals: {} };
  let token = sessionStorage.getItem('clusterkit-token') || '';
  const shownEvents = new Set();

  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;',
    '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const num = (v, digits) => v == null ? '-' : Number(v).toFixed(digits);
  const ms = (v) => v == null ? '-' : (v < 10 ? Number(v).toFixed(2) : Number(v).toFixed(0)) + ' ms';
  const mb = (v) => v == null || v < 0 ? '-' : (v / MB).toFixed(0) + ' MB';
  const color = (slot) => COLORS[Number(slot) % COLORS.length];
  function uptime(millis) {
    if (!millis) return '-';
    const s = Math.floor(millis / 1000);
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm' + (s % 60) + 's';
    return Math.floor(s / 3600) + 'h' + Math.floor((s % 3600) / 60) + 'm';
  }

  function renderTotals(t) {
    const cells = [['workers', (t.ready ?? 0) + ' / ' + (t.workers ?? 0) + ' ready'],
      ['requests/s', num(t.rps, 1)], ['p50', ms(t.p50Ms)], ['p99', ms(t.p99Ms)],
      ['errors/s', num(t.errorsPerSecond, 1)], ['CPU', num(t.cpuPercent, 0) + ' %'],
      ['RSS', mb(t.rssBytes)], ['heap', mb(t.heapBytes)], ['connections', t.connections ?? '-'],
      ['restarts', t.restarts ?? 0]];
    $('totals').innerHTML = cells.map(([k, v]) => '<div><b>' + esc(v) + '</b>' + esc(k)
      + '</div>').join('');
  }

  function renderRows(rows) {
    $('slots').tBodies[0].innerHTML = rows.map((r) =>
      '<tr class="' + esc(r.state) + '" data-slot="' + r.slot + '" data-gen="' + r.gen
      + '" data-restarts="' + r.restarts + '" data-rps="' + (r.rps ?? 0) + '">'
      + '<td class="slot">' + r.slot + '</td><td class="state">' + esc(r.state) + '</td>'
      + '<td class="gen">' + r.gen + '</td><td class="pid">' + (r.pid < 0 ? '-' : r.pid) + '</td>'
      + '<td>' + uptime(r.uptimeMs) + '</td><td class="restarts">' + r.restarts + '</td>'
      + '<td class="rps">' + num(r.rps, 1) + '</td><td>' + ms(r.p50Ms) + '</td>'
      + '<td>' + ms(r.p99Ms) + '</td><td>' + num(r.errorsPerSecond, 1) + '</td>'
      + '<td>' + (r.cpuPercent == null ? '-' : num(r.cpuPercent, 0) + ' %') + '</td>'
      + '<td>' + mb(r.rssBytes) + '</td><td>' + mb(r.heapBytes) + '</td>'
      + '<td>' + (r.blockedMs == null ? '-' : r.blockedMs + ' ms') + '</td>'
      + '<td>' + (r.connections ?? '-') + '</td><td class="health">' + esc(r.health) + '</td>'
      + '<td><button type="button" class="act restart" data-slot="' + r.slot
      + '">Restart</button></td></tr>').join('')
      + (latest.spares || []).map((p) =>
        '<tr class="SPARE" data-spare="' + p.spare + '"><td class="slot">-</td>'
        + '<td class="state">SPARE' + (p.booted ? '' : ' (booting)') + '</td>'
        + '<td class="gen">spare ' + p.spare + '</td><td class="pid">' + (p.pid < 0 ? '-' : p.pid)
        + '</td><td>' + (p.booted ? uptime(p.sinceMs) : '-') + '</td><td>-</td><td>-</td>'
        + '<td>-</td><td>-</td><td>-</td><td>-</td><td>' + mb(p.rssBytes) + '</td><td>-</td>'
        + '<td>-</td><td>-</td><td class="health">-</td><td></td></tr>').join('');
  }

  function addEvents(list) {
    const ol = $('events');
    for (const e of list || []) {
      if (shownEvents.has(e.seq)) continue;
      shownEvents.add(e.seq);
      const li = document.createElement('li');
      li.className = e.kind;
      li.textContent = new Date(e.t).toLocaleTimeString() + '  ' + e.text;
      ol.insertBefore(li, ol.firstChild);
    }
    while (ol.children.length > 200) ol.removeChild(ol.lastChild);
  }

  function markerPlugin() {
    return { hooks: { draw: [(u) => {
      const ctx = u.ctx;
      for (const m of markers) {
        const x = u.valToPos(m.t / 1000, 'x', true);
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
        ctx.save();
        ctx.strokeStyle = color(m.slot);
        ctx.lineWidth = 2 * devicePixelRatio;
        ctx.setLineDash(m.planned ? [6, 4] : []);
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.fillStyle = color(m.slot);
        ctx.font = (11 * devicePixelRatio) + 'px sans-serif';
        ctx.fillText((m.planned ? 'restart ' : 'crash ') + m.slot, x + 3, u.bbox.top + 12);
        ctx.restore();
      }
    }] } };
  }

  function series(key) {
    const slots = Object.keys(data.slots).sort((a, b) => a - b);
    return [data.t].concat(slots.map((s) => data.slots[s][key]));
  }

  function redraw() {
    const slots = Object.keys(data.slots).sort((a, b) => a - b);
    const key = slots.join(',');
    const specs = [['chart-rps', 'rps'], ['chart-p99', 'p99'], ['chart-mem', 'rss']];
    if (key !== chartKey) {
      charts.forEach((c) => c.destroy());
      charts = specs.map(([id, field]) => {
        $(id).innerHTML = '';
        return new uPlot({ width: 460, height: 220, scales: { x: { time: true } },
          axes: [{}, { size: 64 }],
          series: [{}].concat(slots.map((s) => ({ label: 'slot ' + s, stroke: color(s),
            width: 2, spanGaps: false }))),
          plugins: [markerPlugin()] }, series(field), $(id));
      });
      chartKey = key;
    } else {
      charts.forEach((c, i) => c.setData(series(specs[i][1])));
    }
  }

  function column(values) {
    return { rps: values.map(() => null), p99: values.map(() => null),
      rss: values.map(() => null) };
  }

  function onHistory(h) {
    data.t = h.t.map((v) => v / 1000);
    data.slots = {};
    for (const [slot, s] of Object.entries(h.slots)) {
      data.slots[slot] = { rps: s.rps, p99: s.p99, rss: s.rss.map((v) => v == null ? null : v / MB) };
    }
    markers = h.markers || [];
    $('events').innerHTML = '';
    shownEvents.clear();
    addEvents(h.events);
    if (h.latest && h.latest.rows) show(h.latest);
    redraw();
  }

  function onTick(m) {
    data.t.push(m.t / 1000);
    const present = new Set();
    for (const r of m.rows) {
      const k = String(r.slot);
      present.add(k);
      if (!data.slots[k]) data.slots[k] = column(data.t.slice(0, -1));
      data.slots[k].rps.push(r.pid < 0 ? null : r.rps);
      data.slots[k].p99.push(r.pid < 0 ? null : r.p99Ms);
      data.slots[k].rss.push(r.rssBytes == null || r.pid < 0 ? null : r.rssBytes / MB);
    }
    for (const k of Object.keys(data.slots)) {
      if (!present.has(k)) ['rps', 'p99', 'rss'].forEach((f) => data.slots[k][f].push(null));
    }
    while (data.t.length > WINDOW) {
      data.t.shift();
      for (const s of Object.values(data.slots)) ['rps', 'p99', 'rss'].forEach((f) => s[f].shift());
    }
    markers = m.markers || markers;
    addEvents(m.events);
    show(m);
    redraw();
  }

  function show(m) {
    latest = m;
    renderTotals(m.totals || {});
    renderRows(m.rows || []);
  }

  function outcome(text, kind) {
    const el = $('outcome');
    el.textContent = text;
    el.className = kind;
  }

  function describe(json) {
    return json.detail || JSON.stringify(json);
  }

  function headers() {
    const h = { 'Content-Type': 'application/json' };
    if (token) h.Authorization = 'Bearer ' + token;
    return h;
  }

  async function act(path, body, label) {
    outcome(label + ': sent', 'pending');
    let response;
    try {
      response = await fetch('api/' + path, { method: 'POST', headers: headers(),
        body: JSON.stringify(body || {}) });
    } catch (e) {
      outcome(label + ' refused: the admin token is malformed (' + e.message + ')', 'refused');
      return;
    }
    let json = {};
    try { json = await response.json(); } catch (e) { /* no body */ }
    if (response.status === 401) {
      outcome(label + ' refused: ' + (token ? 'the admin token is wrong' : 'no admin token given')
        + ' (' + (json.error || 'unauthorized') + ')', 'refused');
    } else if (!response.ok) {
      outcome(label + ' failed (' + response.status + '): ' + (json.error || ''), 'failed');
    } else {
      outcome(label + ' done: ' + describe(json), 'ok');
    }
  }

  function tokenState() {
    document.body.classList.toggle('no-token', !token);
    const state = $('token-state');
    state.textContent = token ? 'token given: actions enabled' : 'no token: actions will be refused';
    state.className = token ? 'set' : '';
  }

  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    token = $('token').value.trim();
    if (token) sessionStorage.setItem('clusterkit-token', token);
    else sessionStorage.removeItem('clusterkit-token');
    tokenState();
  });
  const workers = () => (latest.totals && latest.totals.workers) || latest.rows.length;
  $('reload').addEventListener('click', () => act('reload', {}, 'reload'));
  $('scale-up').addEventListener('click', () => act('scale', { workers: workers() + 1 },
    'scale to ' + (workers() + 1)));
  $('scale-down').addEventListener('click', () => act('scale', { workers: workers() - 1 },
    'scale to ' + (workers() - 1)));
  $('stop').addEventListener('click', () => {
    if (!token || confirm('Stop the whole cluster?')) act('stop', {}, 'stop');
  });
  $('slots').addEventListener('click', (e) => {
    const button = e.target.closest('button.restart');
    if (button) act('restart', { slot: Number(button.dataset.slot) },
      'restart of slot ' + button.dataset.slot);
  });
  for (const b of [$('reload'), $('scale-up'), $('scale-down'), $('stop')]) b.classList.add('act');
  tokenState();

  const stream = new EventSource('live');
  stream.addEventListener('history', (e) => onHistory(JSON.parse(e.data)));
  stream.onmessage = (e) => onTick(JSON.parse(e.data));
  stream.onopen = () => { $('connection').textContent = 'live'; $('connection').className = 'up'; };
  stream.onerror = () => {
    $('connection').textContent = 'disconnected, retrying';
    $('connection').className = 'down';
  };
})();

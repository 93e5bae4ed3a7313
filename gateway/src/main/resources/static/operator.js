// Operator page: polls the status API; shows the stage strip, the counts per phase, the charts, the recordings and
// one recording's history; replays and discards. Plain browser JavaScript, no build step; charts with uPlot (a
// WebJar in the gateway jar). Every value from the server is inserted as text, never as HTML.
(function () {
  'use strict';

  const POLL_MS = Number(new URLSearchParams(location.search).get('interval')) || 2000;
  const CHARTS_MS = Math.max(POLL_MS, 30000);
  const filters = document.getElementById('filters');
  const rows = document.querySelector('#recordings tbody');
  const paging = document.getElementById('paging');
  const connection = document.getElementById('connection');
  const strip = document.getElementById('strip');
  const counts = document.getElementById('counts');
  const charts = document.getElementById('charts');
  const detail = document.getElementById('detail');
  const STAGE_SHORT = { download: 'dl', archive: 'ar', stream: 'st', notify: 'no' };
  const MOVING = ['download', 'archive', 'stream'];
  const message = detail.querySelector('.message');
  let selected = null;
  let shown = '';
  let shownOverview = '';
  let shownCharts = '';
  let chartsAskedAt = 0;
  let shownCounts = '';

  filters.token.value = sessionStorage.getItem('pipeline-admin-token') || '';
  filters.addEventListener('change', () => {
    sessionStorage.setItem('pipeline-admin-token', filters.token.value);
    refresh();
  });

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function bytes(n) {
    if (n === undefined || n === null) return '';
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
  }

  function duration(ms) {
    if (ms === undefined || ms === null) return '';
    return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s';
  }

  function rate(bytesPerSecond) {
    return bytesPerSecond === undefined || bytesPerSecond === null ? '' : bytes(bytesPerSecond) + '/s';
  }

  function eta(seconds) {
    if (seconds === undefined || seconds === null) return '';
    if (seconds < 60) return seconds + ' s left';
    if (seconds < 3600) return Math.round(seconds / 60) + ' min left';
    return (seconds / 3600).toFixed(1) + ' h left';
  }

  // The bar, the percentage, and (when known) the rate and time left.
  function progressView(progress) {
    const span = el('span', null, 'progress');
    if (!progress) return span;
    if (progress.bytesTotal) {
      const bar = el('progress');
      bar.max = progress.bytesTotal;
      bar.value = progress.bytesDone;
      span.append(bar, ' ', el('span', Math.floor(100 * progress.bytesDone / progress.bytesTotal) + ' %', 'percent'),
        ' ', el('span', bytes(progress.bytesDone) + ' / ' + bytes(progress.bytesTotal), 'muted'));
    } else {
      span.append(el('span', bytes(progress.bytesDone), 'muted'));
    }
    const more = [rate(progress.bytesPerSecond), eta(progress.etaSeconds)].filter(Boolean).join(', ');
    if (more) span.append(' ', el('span', more, 'muted rate'));
    return span;
  }

  function progressCell(progress) {
    const td = el('td');
    td.append(progressView(progress));
    return td;
  }

  function stageTimes(r) {
    const times = r.stageTimes || {};
    return Object.keys(STAGE_SHORT).filter(s => times[s])
      .map(s => STAGE_SHORT[s] + ' ' + duration(times[s].durationMs)).join(' · ');
  }

  // What the transfers of the stages that move the file achieved on average.
  function throughput(r) {
    const times = r.stageTimes || {};
    const moved = MOVING.filter(s => times[s] && times[s].durationMs > 0);
    if (!r.size || moved.length === 0) return '';
    const millis = moved.reduce((sum, s) => sum + times[s].durationMs, 0);
    return rate(Math.round(r.size * moved.length * 1000 / millis));
  }

  function attemptsText(r) {
    if (!r.attempt) return r.tries ? r.tries + ' in all' : '';
    return 'try ' + r.attempt + ' at ' + r.stage + ' · ' + r.tries + ' in all';
  }

  function row(r) {
    const tr = el('tr');
    tr.dataset.recordingId = r.recordingId;
    tr.dataset.phase = r.phase;
    if (r.recordingId === selected) tr.classList.add('selected');
    tr.append(
      el('td', r.source || ''),
      el('td', r.title || r.recordingId, 'title'),
      el('td', r.stage, 'stage'),
      el('td', r.phase + (r.phase !== r.state ? ' (' + r.state + ')' : ''), 'state ' + r.phase),
      el('td', bytes(r.size), 'size'),
      progressCell(r.progress),
      el('td', stageTimes(r), 'times muted'),
      el('td', throughput(r), 'throughput'),
      el('td', attemptsText(r), 'tries'),
      // A failure is news only while it is the recording's state; afterwards it stays in the detail's history.
      el('td', r.reason || '', 'error'),
      el('td', time(r.updatedAt), 'muted'));
    tr.addEventListener('click', () => { selected = r.recordingId; message.textContent = ''; refresh(); });
    return tr;
  }

  async function api(path, options = {}) {
    const headers = Object.assign({}, options.headers);
    const token = filters.token.value.trim();
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(path, Object.assign({ cache: 'no-store' }, options, { headers }));
    const body = response.headers.get('Content-Type')?.includes('json') ? await response.json() : null;
    if (!response.ok) {
      throw new Error(body && body.reason ? body.reason : response.status + ' ' + response.statusText);
    }
    return body;
  }

  async function refresh() {
    const query = new URLSearchParams({ size: '200' });
    if (filters.state.value) query.set('state', filters.state.value);
    if (filters.source.value) query.set('source', filters.source.value);
    if (filters.stage.value) query.set('stage', filters.stage.value);
    try {
      const overview = await api('/overview');
      // Re-rendered only when something shown changed (not for each heartbeat), so a click lands on a live tile.
      const overviewJson = JSON.stringify(overview, (key, value) => key === 'at' || key === 'heartbeatAt' ? undefined : value);
      if (overviewJson !== shownOverview) {
        shownOverview = overviewJson;
        showOverview(overview);
        if (JSON.stringify(overview.counts) !== shownCounts) { // a recording moved: the charts may have too
          shownCounts = JSON.stringify(overview.counts);
          chartsAskedAt = 0;
        }
      }
      if (Date.now() - chartsAskedAt > CHARTS_MS) {
        chartsAskedAt = Date.now();
        showCharts(await api('/charts?window=' + chartWindow()));
      }
      const page = await api('/recordings?' + query);
      const one = selected ? await api('/recordings/' + encodeURIComponent(selected)) : null;
      const now = JSON.stringify([page, one, selected]);
      if (now !== shown) { // re-render only what changed, so a click never lands on a replaced row
        shown = now;
        rows.replaceChildren(...page.recordings.map(row));
        paging.textContent = page.total > page.recordings.length
          ? 'Showing the newest ' + page.recordings.length + ' of ' + page.total + '.' : '';
        if (one) showDetail(one);
      }
      connection.textContent = 'Updated ' + new Date().toLocaleTimeString();
      connection.classList.remove('lost');
    } catch (e) {
      connection.textContent = 'Cannot reach the gateway: ' + e.message;
      connection.classList.add('lost');
    }
  }

  function filterTo(state, stage) {
    filters.state.value = state;
    filters.stage.value = stage || '';
    refresh();
  }

  function showOverview(o) {
    const gateway = el('button', null, 'tile' + (o.gateway.red ? ' red' : ''));
    gateway.type = 'button';
    gateway.dataset.stage = 'gateway';
    gateway.dataset.red = String(o.gateway.red);
    gateway.append(el('strong', 'gateway'), el('span', o.gateway.statusView ? 'running' : 'starting', 'consumer'),
      el('span', o.gateway.recordings + ' recordings known', 'muted'),
      o.gateway.statusView ? '' : el('span', o.gateway.progress, 'why'));
    gateway.addEventListener('click', () => filterTo('', ''));
    strip.replaceChildren(gateway, ...o.stages.map(stageTile));

    counts.replaceChildren(...Object.keys(o.counts).map(phase => {
      const link = el('a', null, 'count state ' + phase);
      link.href = '#';
      link.dataset.phase = phase;
      link.append(el('span', o.counts[phase], 'number'), ' ' + phase);
      if (filters.state.value === phase) link.classList.add('chosen');
      link.addEventListener('click', event => { event.preventDefault(); filterTo(phase, ''); });
      return link;
    }));
  }

  function stageTile(t) {
    const tile = el('button', null, 'tile' + (t.red ? ' red' : ''));
    tile.type = 'button';
    tile.dataset.stage = t.stage;
    tile.dataset.red = String(t.red);
    tile.dataset.consumer = t.consumer;
    tile.title = 'Show what is not finished at ' + t.stage;
    tile.append(el('strong', t.stage), el('span', t.consumer, 'consumer ' + t.consumer));
    for (const r of t.inHand) {
      const hand = el('span', null, 'in-hand');
      hand.append(el('span', (r.title || r.recordingId) + ' (try ' + r.attempt + ')', 'title'), progressView(r.progress));
      tile.append(hand);
    }
    if (t.inHand.length === 0) tile.append(el('span', 'idle', 'muted in-hand'));
    const depth = v => (v === undefined || v === null ? '?' : v);
    const queues = el('span', null, 'queues');
    queues.append(el('span', 'inbox ' + depth(t.inbox), 'inbox'),
      el('span', 'retry ' + depth(t.retrying), 'retrying'),
      el('span', 'DLT ' + t.failed + ' waiting (' + depth(t.dlt) + ' in all)', 'dlt' + (t.failed ? ' bad' : '')));
    queues.title = (t.retries || []).map(q => q.topic + ': ' + depth(q.records)).join('\n');
    tile.append(queues);
    for (const why of t.why) tile.append(el('span', why, 'why'));
    if (t.problem) tile.append(el('span', t.problem, 'muted'));
    tile.addEventListener('click', () => filterTo('stuck', t.stage));
    return tile;
  }

  function chartWindow() {
    return charts.querySelector('input[name=window]:checked').value;
  }

  const plots = {};

  // uPlot wants seconds on the x axis and one array per series.
  function plot(id, options, data) {
    const target = document.getElementById(id);
    if (plots[id]) plots[id].destroy();
    plots[id] = new uPlot(Object.assign({ width: Math.max(260, target.clientWidth || 360), height: 180,
      legend: { show: true } }, options), data, target);
  }

  function showCharts(c) {
    const json = JSON.stringify(c);
    if (json === shownCharts || typeof uPlot === 'undefined') return;
    shownCharts = json;
    const xs = c.hours.map(h => Date.parse(h) / 1000);
    const bars = uPlot.paths.bars({ size: [0.8, 40] });
    const hourPadding = { time: true, range: (u, min, max) => [min - 1800, max + 1800] }; // whole bars at both ends
    const finished = document.getElementById('chart-finished');
    finished.dataset.total = String(c.finished.reduce((a, b) => a + b, 0));
    plot('chart-finished', { series: [{}, { label: 'finished', stroke: '#1a7f37', fill: '#1a7f3766', paths: bars,
      points: { show: false } }],
      axes: [{}, { size: 40 }], scales: { x: hourPadding, y: { range: (u, min, max) => [0, Math.max(1, max)] } } },
      [xs, c.finished]);
    const moved = document.getElementById('chart-bytes');
    moved.dataset.total = String(c.bytes.reduce((a, b) => a + b, 0));
    plot('chart-bytes', { series: [{}, { label: 'bytes', stroke: '#0969da', fill: '#0969da55', paths: bars,
      points: { show: false }, value: (u, v) => v === null ? '' : bytes(v) }],
      axes: [{}, { size: 80, values: (u, vals) => vals.map(v => bytes(v)) }],
      scales: { x: hourPadding, y: { range: (u, min, max) => [0, Math.max(1, max)] } } }, [xs, c.bytes]);
    const stages = Object.keys(c.durations);
    const durations = document.getElementById('chart-durations');
    durations.dataset.stages = stages.join(',');
    const points = (label, color, key) => ({ label, stroke: color, width: 0, paths: () => null,
      points: { show: true, size: 10, fill: color }, value: (u, v) => v === null ? '' : duration(v) });
    plot('chart-durations', {
      scales: { x: { time: false, range: [-0.5, Math.max(stages.length, 1) - 0.5] },
        y: { range: (u, min, max) => [0, Math.max(1, max) * 1.1] } },
      axes: [{ values: (u, vals) => vals.map(v => Number.isInteger(v) ? stages[v] || '' : ''), splits: () => stages.map((s, i) => i) },
        { size: 60, values: (u, vals) => vals.map(v => duration(v)) }],
      series: [{ value: (u, v) => stages[v] || '' }, points('p50', '#1a7f37'), points('p90', '#9a6700'),
        points('p99', '#cf222e')]
    }, [stages.map((s, i) => i), stages.map(s => c.durations[s].p50), stages.map(s => c.durations[s].p90),
      stages.map(s => c.durations[s].p99)]);
  }

  charts.addEventListener('change', () => { chartsAskedAt = 0; refresh(); });

  function showDetail(r) {
    detail.hidden = false;
    detail.dataset.recordingId = r.recordingId;
    detail.dataset.phase = r.phase;
    detail.querySelector('.title').textContent = r.title || r.recordingId;
    detail.querySelector('.recording-id').textContent = r.recordingId;
    detail.querySelector('.summary').replaceChildren(
      el('span', r.phase, 'state ' + r.phase), ' at ' + r.stage + ' (' + r.state + ', try ' + r.attempt + ')',
      r.reason ? el('div', r.reason, 'error') : '');
    const active = r.phase === 'running' || r.phase === 'retrying';
    detail.querySelector('.replay').disabled = active;
    detail.querySelector('.discard').disabled = r.phase !== 'failed';
    detail.querySelector('.attempts tbody').replaceChildren(...r.attempts.map(a => {
      const tr = el('tr');
      tr.append(el('td', a.stage), el('td', a.attempt), el('td', time(a.startedAt)), el('td', a.outcome),
        el('td', duration(a.durationMs)),
        el('td', a.bytesDone === undefined ? '' : bytes(a.bytesDone) + (a.bytesTotal ? ' / ' + bytes(a.bytesTotal) : '')),
        el('td', a.reason || '', 'error'));
      return tr;
    }));
    detail.querySelector('.history tbody').replaceChildren(...r.history.slice().reverse().map(h => {
      const tr = el('tr');
      tr.append(el('td', time(h.at)), el('td', h.stage), el('td', h.attempt || ''), el('td', h.transition),
        el('td', h.reason || '', 'error'));
      return tr;
    }));
  }

  async function act(what, path) {
    message.className = 'message';
    message.textContent = what + '…';
    try {
      // JSON content type: the operator port refuses state changes without it (a cross-site form cannot send it).
      await api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
      message.textContent = what + ' done.';
      message.classList.add('ok');
    } catch (e) {
      message.textContent = what + ' refused: ' + e.message;
      message.classList.add('bad');
    }
    refresh();
  }

  detail.querySelector('.replay').addEventListener('click', () => {
    const stage = detail.querySelector('.replay-stage').value;
    const id = encodeURIComponent(detail.dataset.recordingId);
    act('Replay', '/recordings/' + id + '/replay' + (stage ? '?stage=' + stage : ''));
  });
  detail.querySelector('.discard').addEventListener('click', () => {
    if (confirm('Delete the spooled files of ' + detail.dataset.recordingId + ' and mark it discarded?')) {
      act('Discard', '/recordings/' + encodeURIComponent(detail.dataset.recordingId) + '/discard');
    }
  });
  detail.querySelector('.close').addEventListener('click', () => { selected = null; detail.hidden = true; refresh(); });

  refresh();
  setInterval(refresh, POLL_MS);
}());

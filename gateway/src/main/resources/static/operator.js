// Operator page: polls the status API, shows the recordings and one recording's history, replays and discards.
// Plain browser JavaScript, no build step. Every value from the server is inserted as text, never as HTML.
(function () {
  'use strict';

  const POLL_MS = Number(new URLSearchParams(location.search).get('interval')) || 2000;
  const filters = document.getElementById('filters');
  const rows = document.querySelector('#recordings tbody');
  const paging = document.getElementById('paging');
  const connection = document.getElementById('connection');
  const detail = document.getElementById('detail');
  const message = detail.querySelector('.message');
  let selected = null;
  let shown = '';

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

  function progressCell(progress) {
    const td = el('td');
    if (!progress) return td;
    if (progress.bytesTotal) {
      const bar = el('progress');
      bar.max = progress.bytesTotal;
      bar.value = progress.bytesDone;
      td.append(bar, ' ', el('span', Math.floor(100 * progress.bytesDone / progress.bytesTotal) + ' %', 'muted'));
    } else {
      td.append(el('span', bytes(progress.bytesDone), 'muted'));
    }
    return td;
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
      progressCell(r.progress),
      el('td', r.tries, 'tries'),
      el('td', r.lastError || '', r.phase === 'failed' || r.phase === 'retrying' ? 'error' : 'muted'),
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
    try {
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

// CityWatch alert console: reads /api/alerts/stream (server-sent events over fetch, so the token
// travels in the Authorization header and never in a URL) and keeps the table current.
'use strict';
const state = { token: sessionStorage.getItem('citywatch.token') || '', lang: 'ko', alerts: new Map(), abort: null };
const $ = (id) => document.getElementById(id);

function text(a, field) { return a[field + '_' + state.lang]; }
function since(iso) { return new Date(iso).toLocaleString(state.lang === 'ko' ? 'ko-KR' : 'en-GB'); }

function render() {
  const rows = [...state.alerts.values()].sort((x, y) =>
    (x.state === 'resolved') - (y.state === 'resolved') || rank(y.severity) - rank(x.severity) || y.since.localeCompare(x.since));
  const body = document.querySelector('#alerts tbody');
  body.replaceChildren(...rows.map(row));
  $('empty').hidden = rows.length > 0;
}

function rank(severity) { return ['ATTENTION', 'CAUTION', 'WARNING', 'SEVERE'].indexOf(severity); }

function cell(content) {
  const td = document.createElement('td');
  if (content instanceof Node) td.append(content); else td.textContent = content;
  return td;
}

function row(a) {
  const tr = document.createElement('tr');
  tr.dataset.alertId = a.id;
  tr.className = a.state;
  const level = document.createElement('span');
  level.className = 'level ' + a.severity;
  level.textContent = state.lang === 'ko' ? a.severity_ko : a.severity;
  const place = document.createElement('span');
  place.textContent = (a.area || a.subject) + ' ';
  if (a.location) {
    const map = document.createElement('a');
    map.href = `https://www.openstreetmap.org/?mlat=${a.location.lat}&mlon=${a.location.lon}#map=15/${a.location.lat}/${a.location.lon}`;
    map.target = '_blank';
    map.rel = 'noopener';
    map.textContent = state.lang === 'ko' ? '지도' : 'map';
    place.append(map);
  }
  const ack = document.createElement('span');
  if (a.acknowledged_by) {
    ack.className = 'acknowledged';
    ack.textContent = `${a.acknowledged_by} · ${since(a.acknowledged_at)}`;
  } else if (a.state !== 'resolved') {
    const button = document.createElement('button');
    button.className = 'ack';
    button.textContent = state.lang === 'ko' ? '확인' : 'Acknowledge';
    button.onclick = () => acknowledge(a.id, button);
    ack.append(button);
  }
  const deliveries = document.createElement('div');
  deliveries.className = 'deliveries';
  for (const d of a.deliveries.slice(0, 5)) {
    const line = document.createElement('div');
    line.className = d.outcome;
    line.textContent = `${d.subscription} v${d.version} #${d.attempt} ${d.status || '—'} ${d.outcome}`;
    deliveries.append(line);
  }
  tr.append(cell(level), cell(text(a, 'event')), cell(text(a, 'headline')), cell(place), cell(since(a.since)), cell(ack), cell(deliveries));
  return tr;
}

async function acknowledge(id, button) {
  button.disabled = true;
  const response = await fetch(`/alerts/${encodeURIComponent(id)}/ack`, {
    method: 'POST', headers: { 'Authorization': 'Bearer ' + state.token, 'Content-Type': 'application/json' }, body: '{}',
  });
  if (!response.ok) {
    button.disabled = false;
    $('status').textContent = `확인 실패 · acknowledgement failed (${response.status})`;
  }
}

async function connect() {
  if (state.abort) state.abort.abort();
  state.abort = new AbortController();
  state.alerts.clear();
  render();
  $('status').textContent = '연결 중 · connecting…';
  try {
    const response = await fetch('/api/alerts/stream', { headers: { 'Authorization': 'Bearer ' + state.token }, signal: state.abort.signal });
    if (response.status === 401) {
      $('status').textContent = '토큰이 올바르지 않습니다 · invalid token';
      return;
    }
    $('status').textContent = '실시간 · live';
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        handle(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
    $('status').textContent = '연결 끊김, 다시 연결 중 · reconnecting…';
  } catch (e) {
    if (e.name === 'AbortError') return;
    $('status').textContent = '연결 끊김, 다시 연결 중 · reconnecting…';
  }
  setTimeout(connect, 2000);
}

function handle(message) {
  let event = 'message', data = '';
  for (const line of message.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data += line.slice(6);
  }
  if (!data) return;
  const payload = JSON.parse(data);
  if (event === 'snapshot') {
    state.alerts.clear();
    payload.forEach((a) => state.alerts.set(a.id, a));
  } else if (event === 'alert') {
    state.alerts.set(payload.id, payload);
  }
  render();
}

$('login').onsubmit = (e) => {
  e.preventDefault();
  state.token = $('token').value.trim();
  sessionStorage.setItem('citywatch.token', state.token);
  connect();
};
$('lang').onclick = () => {
  state.lang = state.lang === 'ko' ? 'en' : 'ko';
  $('lang').textContent = state.lang === 'ko' ? 'EN' : '한';
  document.documentElement.lang = state.lang;
  render();
};
if (state.token) { $('token').value = state.token; connect(); }

// dyad dashboard: plain JS over the /v1 JSON API; no framework, nothing loaded from elsewhere.
'use strict';
(function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const QUAD = ['', 'verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'];
  const QCOL = ['', '#6baed6', '#2171b5', '#fd8d3c', '#d7301f'];
  const PAGE = 25;
  const state = { filter: {}, offset: 0, next: null, selectedRow: null };

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
    }
    for (const k of kids) if (k !== null && k !== undefined) e.append(k);
    return e;
  }
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  async function api(path, options) {
    let res;
    try { res = await fetch(path, options); } catch (e) { throw new Error('network error: ' + e.message); }
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) {
      const err = body && body.error ? body.error : { code: String(res.status), message: res.statusText };
      const e = new Error(err.message); e.code = err.code; e.status = res.status; throw e;
    }
    return body;
  }
  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
    const s = q.toString();
    return s ? '?' + s : '';
  }

  // Goldstein -10..10 → red..yellow..green.
  function goldsteinColour(g) {
    const t = Math.max(-1, Math.min(1, (g || 0) / 10));
    const mix = (a, b, u) => Math.round(a + (b - a) * u);
    const [r, gr, b] = t < 0
      ? [mix(240, 215, -t), mix(228, 48, -t), mix(66, 31, -t)]
      : [mix(240, 26, t), mix(228, 152, t), mix(66, 80, t)];
    return `rgb(${r},${gr},${b})`;
  }

  // ---- evidence highlighting: spans are byte offsets into the document ----
  function spanIn(span, base, len) {
    if (!span || base === null) return null;
    const a = span[0] - base, b = span[1] - base;
    return a >= 0 && b <= len && a < b ? [a, b] : null;
  }
  function findIn(text, needle) {
    if (!needle) return null;
    const i = text.indexOf(needle);
    if (i < 0) return null;
    const a = enc.encode(text.slice(0, i)).length;
    return [a, a + enc.encode(needle).length];
  }
  function highlighted(ev) {
    const evd = ev.evidence || {};
    const text = evd.text || '';
    const bytes = enc.encode(text);
    const base = evd.sentence_span ? evd.sentence_span[0] : null;
    const marks = [];
    const add = (span, str, cls) => {
      const r = spanIn(span, base, bytes.length) || findIn(text, str);
      if (r) marks.push({ s: r[0], e: r[1], cls });
    };
    add(ev.source && ev.source.span, ev.source && ev.source.text, 'src');
    add(ev.target && ev.target.span, ev.target && ev.target.text, 'tgt');
    add(evd.verb_span, evd.verb, 'verb');
    marks.sort((x, y) => x.s - y.s || y.e - x.e);
    const p = el('p', { class: 'sentence', 'data-testid': 'evidence-sentence' });
    let pos = 0;
    for (const m of marks) {
      if (m.s < pos) continue;
      p.append(dec.decode(bytes.slice(pos, m.s)));
      p.append(el('mark', { class: m.cls, 'data-testid': 'mark-' + m.cls, text: dec.decode(bytes.slice(m.s, m.e)) }));
      pos = m.e;
    }
    p.append(dec.decode(bytes.slice(pos)));
    return p;
  }
  function actorLabel(a) { return a ? a.code + (a.text ? ' (' + a.text + ')' : '') : '—'; }
  function facts(ev) {
    const dl = el('dl', { class: 'facts' });
    const row = (k, v) => { dl.append(el('dt', { text: k }), el('dd', { text: v })); };
    row('source', actorLabel(ev.source));
    row('target', actorLabel(ev.target));
    row('event', `${ev.cameo} ${ev.cameo_name || ''}`.trim());
    row('QuadClass', ev.quad_class ? `${ev.quad_class} ${QUAD[ev.quad_class] || ''}` : '—');
    row('Goldstein', String(ev.goldstein));
    if (ev.plover && ev.plover.type) row('PLOVER', [ev.plover.type, ev.plover.mode].filter(Boolean).join(' / '));
    row('trigger', (ev.evidence && ev.evidence.verb) || '—');
    row('rule', (ev.evidence && ev.evidence.rule) || '—');
    row('date', ev.date || '—');
    if (ev.location) row('place', `${ev.location.name} (${ev.location.country})`);
    row('document', `${ev.doc_id}, sentence ${ev.sentence}`);
    if (ev.negated) row('negated', 'yes (not counted)');
    return dl;
  }
  function showEvidence(ev) {
    const box = $('evidence');
    clear(box);
    box.append(highlighted(ev), el('div', { class: 'legend' },
      el('mark', { class: 'src', text: 'source' }), ' ', el('mark', { class: 'tgt', text: 'target' }), ' ',
      el('mark', { class: 'verb', text: 'trigger' })), facts(ev));
    box.setAttribute('data-event-doc', ev.doc_id);
  }

  // ---- health ----
  async function health() {
    try {
      const h = await api('v1/health');
      $('health').textContent = `${h.documents} documents · ${h.unique_events} events · ${h.read_only ? 'read-only' : 'ingest on'}` +
        (h.coder ? '' : ' · no coder');
    } catch (e) { $('health').textContent = 'API error: ' + e.message; }
  }

  // ---- timeline ----
  function periodRange(period, by) {
    const pad = (n) => String(n).padStart(2, '0');
    const iso = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    if (by === 'year') return [period + '-01-01', period + '-12-31'];
    if (by === 'month') {
      const [y, m] = period.split('-').map(Number);
      return [period + '-01', iso(new Date(Date.UTC(y, m, 0)))];
    }
    if (by === 'week') {
      const d = new Date(period + 'T00:00:00Z');
      return [period, iso(new Date(d.getTime() + 6 * 86400000))];
    }
    return [period, period];
  }
  function drawTimeline(data, by) {
    const root = $('timeline');
    clear(root);
    const rows = data.periods || [];
    const W = 960, H = 260, L = 40, R = 40, T = 10, B = 30;
    const total = (r) => [0, 1, 2, 3].map((i) => r.forward.quad[i] + r.backward.quad[i]);
    let max = 1, events = 0;
    for (const r of rows) { const t = total(r).reduce((a, b) => a + b, 0); max = Math.max(max, t); events += t; }
    const summary = $('timeline-summary');
    summary.className = 'note';
    summary.textContent = `${data.a}–${data.b}: ${events} events over ${rows.length} ${by}${rows.length === 1 ? '' : 's'}`;
    root.setAttribute('data-events', String(events));
    if (!rows.length) {
      root.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'no dated events for this dyad'));
      return;
    }
    const bw = (W - L - R) / rows.length;
    const y = (v) => H - B - (v / max) * (H - T - B);
    const gy = (g) => T + (1 - (g + 10) / 20) * (H - T - B);
    root.append(svg('line', { class: 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B }));
    root.append(svg('line', { class: 'axis', x1: L, y1: T, x2: L, y2: H - B }));
    root.append(svg('text', { x: L - 4, y: T + 8, 'text-anchor': 'end' }, String(max)));
    root.append(svg('text', { x: L - 4, y: H - B, 'text-anchor': 'end' }, '0'));
    root.append(svg('text', { x: W - R + 4, y: T + 8 }, '+10'));
    root.append(svg('text', { x: W - R + 4, y: gy(0) + 3 }, '0'));
    root.append(svg('text', { x: W - R + 4, y: H - B }, '−10'));
    root.append(svg('line', { class: 'axis', x1: L, y1: gy(0), x2: W - R, y2: gy(0), 'stroke-dasharray': '2 4' }));
    // The Goldstein line joins consecutive periods with events; a lone period is a dot.
    let run = [];
    const lines = [];
    const flush = () => { if (run.length) lines.push(run); run = []; };
    const labelEvery = Math.max(1, Math.ceil(rows.length / 12));
    rows.forEach((r, i) => {
      const q = total(r);
      const n = q.reduce((a, b) => a + b, 0);
      const x = L + i * bw;
      const g = svg('g', { class: 'bar', 'data-testid': 'timeline-bar', 'data-period': r.period, 'data-events': String(n) });
      let base = 0;
      for (let k = 0; k < 4; k++) {
        if (!q[k]) continue;
        g.append(svg('rect', { x: x + bw * 0.1, width: Math.max(1, bw * 0.8), y: y(base + q[k]), height: Math.max(0.5, y(base) - y(base + q[k])), fill: QCOL[k + 1] }));
        base += q[k];
      }
      g.append(svg('rect', { x, width: bw, y: T, height: H - T - B, fill: 'transparent' }));
      const gsum = r.forward.goldstein + r.backward.goldstein;
      g.append(svg('title', {}, `${r.period}: ${n} events (${q.join(' / ')} by QuadClass)` + (n ? `, mean Goldstein ${(gsum / n).toFixed(2)}` : '')));
      g.addEventListener('click', () => {
        const [from, to] = periodRange(r.period, by);
        $('f-from').value = from; $('f-to').value = to;
        applyFilter();
      });
      root.append(g);
      if (n) run.push(`${(x + bw / 2).toFixed(1)},${gy(gsum / n).toFixed(1)}`); else flush();
      if (i % labelEvery === 0) root.append(svg('text', { x: x + bw / 2, y: H - B + 14, 'text-anchor': 'middle' }, r.period));
    });
    flush();
    for (const pts of lines) {
      if (pts.length > 1) root.append(svg('polyline', { class: 'gline', 'data-testid': 'goldstein-line', points: pts.join(' ') }));
      const [cx, cy] = pts[0].split(',');
      if (pts.length === 1) root.append(svg('circle', { cx, cy, r: 2.5, fill: '#222', 'data-testid': 'goldstein-line' }));
    }
  }
  async function showDyad(a, b) {
    a = a.trim().toUpperCase(); b = b.trim().toUpperCase();
    if (!a || !b) { $('timeline-summary').textContent = 'enter two actor codes'; return; }
    $('dyad-a').value = a; $('dyad-b').value = b;
    const by = $('dyad-by').value;
    const summary = $('timeline-summary');
    summary.className = 'note'; summary.textContent = 'loading…';
    $('f-source').value = a; $('f-target').value = b; $('f-from').value = ''; $('f-to').value = '';
    applyFilter();
    try {
      const data = await api(`v1/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/trend${query({ by })}`);
      drawTimeline(data, by);
    } catch (e) {
      clear($('timeline'));
      summary.className = 'note error'; summary.textContent = e.message;
    }
  }

  // ---- network (circular layout) ----
  async function drawNetwork() {
    const root = $('network');
    clear(root);
    let data;
    try { data = await api('v1/network' + query({ limit: $('net-limit').value })); } catch (e) {
      root.append(svg('text', { x: 260, y: 260, 'text-anchor': 'middle' }, e.message)); return;
    }
    const nodes = data.nodes.slice(0, 40);
    if (!nodes.length) { root.append(svg('text', { x: 260, y: 260, 'text-anchor': 'middle' }, 'no events yet')); return; }
    const keep = new Set(nodes.map((n) => n.code));
    const pos = new Map();
    const C = 260, Rad = 200;
    nodes.forEach((n, i) => {
      const a = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
      pos.set(n.code, [C + Rad * Math.cos(a), C + Rad * Math.sin(a), a]);
    });
    const maxE = Math.max(1, ...data.edges.map((e) => e.events));
    for (const e of data.edges) {
      if (!keep.has(e.source) || !keep.has(e.target)) continue;
      const [x1, y1] = pos.get(e.source), [x2, y2] = pos.get(e.target);
      // Bend each direction to its own side so that A→B and B→A do not overlap.
      const mx = (x1 + x2) / 2, my = (y1 + y2) / 2, dx = x2 - x1, dy = y2 - y1;
      const cx = mx - dy * 0.15 + (C - mx) * 0.25, cy = my + dx * 0.15 + (C - my) * 0.25;
      const path = svg('path', {
        class: 'edge', 'data-testid': 'network-edge', 'data-source': e.source, 'data-target': e.target,
        d: `M${x1.toFixed(1)},${y1.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`,
        stroke: goldsteinColour(e.goldstein_mean), 'stroke-width': (0.8 + 7 * Math.sqrt(e.events / maxE)).toFixed(2),
      });
      path.append(svg('title', {}, `${e.source} → ${e.target}: ${e.events} events, mean Goldstein ${e.goldstein_mean.toFixed(2)}`));
      path.addEventListener('click', () => showDyad(e.source, e.target));
      root.append(path);
    }
    const maxN = Math.max(1, ...nodes.map((n) => n.events));
    for (const n of nodes) {
      const [x, y, a] = pos.get(n.code);
      const g = svg('g', { 'data-testid': 'network-node', 'data-code': n.code });
      g.append(svg('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: (3 + 7 * Math.sqrt(n.events / maxN)).toFixed(1) }));
      const lx = C + (Rad + 16) * Math.cos(a), ly = C + (Rad + 16) * Math.sin(a) + 3;
      g.append(svg('text', { x: lx.toFixed(1), y: ly.toFixed(1), 'text-anchor': Math.abs(Math.cos(a)) < 0.3 ? 'middle' : (Math.cos(a) > 0 ? 'start' : 'end') }, n.code));
      g.append(svg('title', {}, `${n.code}: ${n.events} events, mean Goldstein ${n.goldstein_mean.toFixed(2)}`));
      root.append(g);
    }
  }

  // ---- event table ----
  function readFilter() {
    return {
      source: $('f-source').value.trim(), target: $('f-target').value.trim(),
      from: $('f-from').value, to: $('f-to').value, cameo: $('f-cameo').value.trim(),
      quad_class: $('f-quad').value, q: $('f-q').value.trim(),
    };
  }
  function applyFilter() { state.filter = readFilter(); state.offset = 0; loadEvents(); }
  async function loadEvents() {
    const body = $('events-table').querySelector('tbody');
    const info = $('page-info');
    info.className = ''; info.textContent = 'loading…';
    let data;
    try { data = await api('v1/events' + query({ ...state.filter, offset: state.offset, limit: PAGE })); } catch (e) {
      clear(body); info.className = 'error'; info.textContent = e.message; return;
    }
    clear(body);
    for (const row of data.events) {
      const ev = row.event;
      const tr = el('tr', { 'data-testid': 'event-row', 'data-doc': ev.doc_id, 'data-id': String(row.id) },
        el('td', { text: ev.date || '' }),
        el('td', { text: ev.source.code, title: ev.source.text }),
        el('td', { text: ev.target ? ev.target.code : '', title: ev.target ? ev.target.text : '' }),
        el('td', { text: `${ev.cameo} ${ev.cameo_name || ''}`, title: ev.cameo_name }),
        el('td', {}, el('span', { class: 'q q' + ev.quad_class, text: String(ev.quad_class) })),
        el('td', { text: String(ev.goldstein) }),
        el('td', { text: ev.doc_id, title: ev.doc_id }),
        el('td', { text: (ev.evidence && ev.evidence.verb) || '' }));
      tr.addEventListener('click', () => {
        if (state.selectedRow) state.selectedRow.classList.remove('selected');
        tr.classList.add('selected'); state.selectedRow = tr;
        showEvidence(ev);
      });
      body.append(tr);
    }
    if (!data.events.length) body.append(el('tr', {}, el('td', { colspan: '8', class: 'note', text: 'no events match' })));
    state.next = data.next_offset;
    const first = data.events.length ? state.offset + 1 : 0;
    info.textContent = `events ${first}–${state.offset + data.events.length}${state.next !== null ? ' (more)' : ''}`;
    $('page-prev').disabled = state.offset === 0;
    $('page-next').disabled = state.next === null;
  }

  // ---- live coding ----
  async function codeLive() {
    const text = $('live-text').value;
    const status = $('live-status');
    const list = $('live-results');
    clear(list);
    if (!text.trim()) { status.textContent = 'paste some text first'; return; }
    status.className = 'note'; status.textContent = 'coding…';
    $('live-code').disabled = true;
    try {
      const body = { text };
      if ($('live-date').value) body.date = $('live-date').value;
      const t0 = performance.now();
      const data = await api('v1/code', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      status.textContent = `${data.events.length} event${data.events.length === 1 ? '' : 's'} in ${Math.round(performance.now() - t0)} ms`;
      for (const ev of data.events) {
        const li = el('li', { 'data-testid': 'live-event' },
          el('div', { class: 'head' }, el('span', { class: 'q q' + ev.quad_class, text: String(ev.quad_class || '') }), ' ',
            el('b', { text: `${ev.source.code} → ${ev.target ? ev.target.code : '—'}` }), ` ${ev.cameo} ${ev.cameo_name || ''}` + (ev.negated ? ' (negated)' : '')),
          highlighted(ev));
        list.append(li);
      }
    } catch (e) {
      status.className = 'note error'; status.textContent = e.message;
    } finally { $('live-code').disabled = false; }
  }

  // ---- wiring ----
  $('dyad-form').addEventListener('submit', (e) => { e.preventDefault(); showDyad($('dyad-a').value, $('dyad-b').value); });
  $('filter-form').addEventListener('submit', (e) => { e.preventDefault(); applyFilter(); });
  $('f-clear').addEventListener('click', () => { $('filter-form').reset(); applyFilter(); });
  $('f-swap').addEventListener('click', () => { const s = $('f-source').value; $('f-source').value = $('f-target').value; $('f-target').value = s; applyFilter(); });
  $('page-prev').addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE); loadEvents(); });
  $('page-next').addEventListener('click', () => { if (state.next !== null) { state.offset = state.next; loadEvents(); } });
  $('net-limit').addEventListener('change', drawNetwork);
  $('live-form').addEventListener('submit', (e) => { e.preventDefault(); codeLive(); });
  health();
  drawNetwork();
  applyFilter();
})();

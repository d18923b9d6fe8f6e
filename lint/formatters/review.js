(function () {
'use strict';
// The review page's script: the report list (sorted, filtered, drawn a screenful at a time)
// and a report's detail, built from the JSON blocks the page carries when it is opened.
var D = JSON.parse(document.getElementById('gx-data').textContent);
var T = D.t, SEV = D.sev, RULES = D.rules, ROWS = D.rows, GRIDS = D.grids;
var collator = new Intl.Collator(D.lang === 'zh' ? 'zh-CN' : 'en', {numeric: true, sensitivity: 'base'});
var body = document.getElementById('list-body');
var scroller = document.getElementById('list-scroll');
var count = document.getElementById('f-count');
var fSev = document.getElementById('f-sev'), fRule = document.getElementById('f-rule');
var fText = document.getElementById('f-text');
var detail = document.getElementById('detail');
var rowH = 29, shown = [], active = 0, sortCol = 0, sortDir = 1, printing = false;

function esc(s) {
  return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
    return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
  });
}
function fmt(s, args) { return s.replace(/\{(\w+)\}/g, function (m, k) { return k in args ? args[k] : m; }); }
function prevName(p) { return p === -1 ? '' : (typeof p === 'number' ? ROWS[p][0] : p); }

// --- the list ---------------------------------------------------------------------------------
// A row: [path, agency, year, issuer, template, errors, warnings, info, previous, rules, unreadable]
function key(i, col) { var v = ROWS[i][col]; return col === 8 ? prevName(v) : v; }
function compare(a, b) {
  var x = key(a, sortCol), y = key(b, sortCol), d;
  var ex = x === null || x === '', ey = y === null || y === '';
  if (ex || ey) { d = ex === ey ? 0 : (ex ? 1 : -1); return d || collator.compare(ROWS[a][0], ROWS[b][0]); }
  d = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
  return sortDir * d || collator.compare(ROWS[a][0], ROWS[b][0]);
}
function matches(i) {
  var r = ROWS[i], s = fSev.value, rule = fRule.value, text = fText.value.trim().toLowerCase();
  if (s === 'unreadable' && !r[10]) return false;
  if (s === 'clean' && (r[10] || r[5] + r[6] + r[7] > 0)) return false;
  if (s && s !== 'clean' && s !== 'unreadable' && !r[5 + SEV.indexOf(s)]) return false;
  if (rule !== '' && r[9].indexOf(+rule) < 0) return false;
  if (text) {
    var hay = (r[1] + ' ' + r[0]).toLowerCase();
    if (hay.indexOf(text) < 0) return false;
  }
  return true;
}
function update() {
  var all = [];
  for (var i = 0; i < ROWS.length; i++) if (matches(i)) all.push(i);
  all.sort(compare);
  shown = all;
  active = Math.min(active, Math.max(shown.length - 1, 0));
  count.textContent = fmt(T.shown, {n: shown.length, total: ROWS.length});
  draw();
}
function cell(i, col) {
  var r = ROWS[i], v = r[col];
  if (col === 0) return '<td class="c0" title="' + esc(v) + '"><a href="#r' + i + '" tabindex="-1">' + esc(v) + '</a></td>';
  if (col >= 5 && col <= 7) return '<td class="n c' + col + (v ? ' sev-' + SEV[col - 5] : ' n0') + '">' + (r[10] ? '' : v) + '</td>';
  if (col === 8) return '<td class="c8" title="' + esc(prevName(v)) + '">' + (typeof v === 'number' && v >= 0 ? '<a href="#r' + v + '" tabindex="-1">' + esc(prevName(v)) + '</a>' : esc(prevName(v))) + '</td>';
  if (col === 1 && r[10]) return '<td class="c1 unreadable">' + esc(T.unreadable) + '</td>';
  return '<td class="c' + col + '" title="' + esc(v) + '">' + esc(v) + '</td>';
}
function draw() {
  var n = shown.length, first = 0, last = n;
  if (!printing) {
    var view = scroller.clientHeight || 600;
    first = Math.max(0, Math.floor(scroller.scrollTop / rowH) - 10);
    last = Math.min(n, first + Math.ceil(view / rowH) + 20);
  }
  var html = '<tr class="spacer" aria-hidden="true"><td colspan="9" style="height:' + first * rowH + 'px"></td></tr>';
  for (var k = first; k < last; k++) {
    var i = shown[k], c = '';
    for (var col = 0; col < 9; col++) c += cell(i, col);
    html += '<tr class="r' + (k === active ? ' active' : '') + '" data-k="' + k + '" data-i="' + i + '" tabindex="' + (k === active ? 0 : -1) + '">' + c + '</tr>';
  }
  html += '<tr class="spacer" aria-hidden="true"><td colspan="9" style="height:' + (n - last) * rowH + 'px"></td></tr>';
  body.innerHTML = html;
  var one = body.querySelector('tr.r');
  if (one && one.offsetHeight && Math.abs(one.offsetHeight - rowH) > 0.5 && !printing) { rowH = one.offsetHeight; draw(); }
}
var pending = false;
scroller.addEventListener('scroll', function () {
  if (pending) return;
  pending = true;
  requestAnimationFrame(function () { pending = false; draw(); });
});
function focusRow(k) {
  if (!shown.length) return;
  active = Math.max(0, Math.min(shown.length - 1, k));
  var top = active * rowH, head = scroller.querySelector('thead').offsetHeight;
  if (top < scroller.scrollTop) scroller.scrollTop = top;
  else if (top + rowH + head > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + rowH + head - scroller.clientHeight;
  draw();
  var tr = body.querySelector('tr[data-k="' + active + '"]');
  if (tr) tr.focus();
}
scroller.addEventListener('keydown', function (e) {
  var page = Math.max(1, Math.floor(scroller.clientHeight / rowH) - 2);
  var moves = {ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page};
  if (e.key in moves) { focusRow(active + moves[e.key]); e.preventDefault(); }
  else if (e.key === 'Home') { focusRow(0); e.preventDefault(); }
  else if (e.key === 'End') { focusRow(shown.length - 1); e.preventDefault(); }
  else if ((e.key === 'Enter' || e.key === ' ') && e.target.tagName === 'TR') {
    location.hash = '#r' + e.target.dataset.i; e.preventDefault();
  }
});
body.addEventListener('click', function (e) {
  var tr = e.target.closest('tr.r');
  if (!tr) return;
  active = +tr.dataset.k;
  if (!e.target.closest('a')) location.hash = '#r' + tr.dataset.i;
});
document.querySelectorAll('#reports th button').forEach(function (b) {
  b.addEventListener('click', function () {
    var col = +b.dataset.col;
    sortDir = col === sortCol ? -sortDir : (col >= 5 && col <= 7 ? -1 : 1);
    sortCol = col;
    document.querySelectorAll('#reports th').forEach(function (th, n) {
      th.setAttribute('aria-sort', n === sortCol ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
    });
    update();
  });
});
RULES.forEach(function (r, n) {
  var used = ROWS.some(function (row) { return row[9].indexOf(n) >= 0; });
  if (!used) return;
  var o = document.createElement('option');
  o.value = n; o.textContent = r[0] + ' ' + r[1];
  fRule.appendChild(o);
});
[fSev, fRule].forEach(function (el) { el.addEventListener('change', update); });
fText.addEventListener('input', update);
document.querySelectorAll('button[data-rule]').forEach(function (b) {
  b.addEventListener('click', function () {
    var n = RULES.findIndex(function (r) { return r[0] === b.dataset.rule; });
    fRule.value = String(n); update();
    document.getElementById('list').scrollIntoView();
  });
});
// Printed, the list holds every report that passes the filters, not the rows in view.
function setPrinting(on) { if (printing !== on) { printing = on; draw(); } }
window.addEventListener('beforeprint', function () { setPrinting(true); });
window.addEventListener('afterprint', function () { setPrinting(false); });
var printMedia = window.matchMedia('print');
if (printMedia.addEventListener) printMedia.addEventListener('change', function (e) { setPrinting(e.matches); });

// --- one report -------------------------------------------------------------------------------
function sevName(s) { return T[SEV[s]] || SEV[s]; }
function hitClass(list, F) {
  var worst = Math.min.apply(null, list.map(function (n) { return F[n][1]; }));
  return 'hit hit-' + SEV[worst];
}
function notes(list, F, seen) {
  var out = '';
  list.forEach(function (n) {
    if (seen[n]) return;
    seen[n] = 1;
    out += '<div><span class="sev-' + SEV[F[n][1]] + '">' + esc(RULES[F[n][0]][0]) + '</span> ' + esc(F[n][2]) + '</div>';
  });
  return out;
}
function grid(gid, values, F, byCell, byLabel, seen) {
  var G = GRIDS[gid], width = 0;
  G.blocks.forEach(function (b) { width = Math.max(width, b.cols.length); });
  var h = '<h3>' + esc(G.name) + ' <span class="muted">' + esc(G.template) + '</span></h3><table class="grid" data-table="' + esc(G.key) + '">';
  G.blocks.forEach(function (b) {
    var pad = width - b.cols.length, colHits = [], blockHits = byLabel[b.key] || [];
    h += '<thead>';
    if (b.groups) {
      h += '<tr><th class="bl" rowspan="2" data-block="' + esc(b.key) + '">' + esc(b.label) + '</th>';
      b.groups.forEach(function (g) { h += '<th colspan="' + g[1] + '">' + esc(g[0]) + '</th>'; });
      h += (pad ? '<td class="pad" colspan="' + pad + '"></td>' : '') + '</tr><tr>';
    } else {
      h += '<tr><th class="bl' + (blockHits.length ? ' ' + hitClass(blockHits, F) : '') + '" data-block="' + esc(b.key) + '">' + esc(b.label) + '</th>';
    }
    b.cols.forEach(function (c) {
      var hits = byLabel[b.key + ':' + c[1]] || byLabel[b.key + ':' + c[1].split('.').pop()] || [];
      colHits = colHits.concat(hits);
      h += '<th scope="col" data-col="' + esc(b.key + ':' + c[1]) + '"' + (hits.length ? ' class="' + hitClass(hits, F) + '"' : '') + '>' + esc(c[0]) + '</th>';
    });
    if (!b.groups && pad) h += '<td class="pad" colspan="' + pad + '"></td>';
    var headNotes = notes(colHits.concat(blockHits), F, seen);
    h += (headNotes ? '<td class="notes">' + headNotes + '</td>' : '') + '</tr></thead><tbody>';
    b.rows.forEach(function (row) {
      var rowHits = byLabel[row[2]] || [], all = rowHits.slice();
      var tds = '<th scope="row" class="rl' + (row[4] ? ' group' : '') + (rowHits.length ? ' ' + hitClass(rowHits, F) : '') + '" data-row="' + esc(row[2]) + '" style="padding-left:' + (6 + 14 * row[0]) + 'px">' + esc(row[1]) + '</th>';
      if (!row[3].length || (row[4] && row[3].every(function (idx) { return values[idx] === null; }))) {
        tds += '<td class="pad" colspan="' + width + '"></td>';
      } else {
        row[3].forEach(function (idx) {
          var k = G.keys[idx], v = values[idx], hits = byCell[k] || [], prev = '';
          all = all.concat(hits);
          hits.forEach(function (n) {
            var f = F[n], pos = f[4].indexOf(k);
            var before = f[5].length === f[4].length ? [f[5][pos]] : f[5];
            before.forEach(function (p) { if (p != null) prev += '<span class="prev">' + esc(T.prev_value) + ' ' + esc(p) + '</span>'; });
          });
          tds += '<td data-cell="' + esc(k) + '" id="cell-' + esc(k) + '"' + (hits.length ? ' class="' + hitClass(hits, F) + '" title="' + esc(hits.map(function (n) { return RULES[F[n][0]][0] + ' ' + F[n][2]; }).join('\n')) + '"' : (v === null ? ' class="miss"' : '')) + '>' + esc(v === null ? '' : v) + prev + '</td>';
        });
        if (pad) tds += '<td class="pad" colspan="' + pad + '"></td>';
      }
      var n = notes(all, F, seen);
      h += '<tr>' + tds + (n ? '<td class="notes">' + n + '</td>' : '') + '</tr>';
    });
    h += '</tbody>';
  });
  return h + '</table>';
}
function pictures(P, F) {
  var h = '<div class="pages">';
  P.forEach(function (p) {
    var rects = p[4].map(function (r) {
      var f = F[r[5]];
      return '<rect class="s' + r[4] + '" data-f="' + r[5] + '" x="' + r[0] + '" y="' + r[1] + '" width="' + r[2] + '" height="' + r[3] + '"><title>' + esc(RULES[f[0]][0] + ' ' + f[2]) + '</title></rect>';
    }).join('');
    var cap = fmt(T.page, {n: p[0]});
    h += '<figure class="page" style="width:min(100%,' + Math.round(p[1] * 1.2) + 'px)"><div class="pg"><img alt="' + esc(cap) + '" src="' + p[3] + '">' +
      '<svg viewBox="0 0 ' + p[1] + ' ' + p[2] + '" preserveAspectRatio="none" aria-hidden="true" data-page="' + p[0] + '">' + rects + '</svg></div><figcaption>' + esc(cap) + '</figcaption></figure>';
  });
  return h + '</div>';
}
function show(i) {
  var block = document.getElementById('d' + i);
  if (!block) { detail.hidden = true; return; }
  var R = JSON.parse(block.textContent), m = R.m, F = R.f, h = '';
  h += '<a class="back" href="#list">' + esc(T.back) + '</a>';
  h += '<h2 id="detail-h" tabindex="-1">' + esc(m.title || m.path) + '</h2><dl>';
  function item(label, value) { if (value != null && value !== '') h += '<dt>' + esc(label) + '</dt><dd>' + value + '</dd>'; }
  item(T.file, esc(m.path));
  item(T.agency, esc(m.agency));
  item(T.year, esc(m.year));
  item(T.issuer, esc(m.issuer));
  item(T.period, esc(m.period));
  item(T.signed, esc([m.signed_by, m.signed].filter(Boolean).join(' ')));
  item(T.published, esc(m.published));
  item(T.template, esc(m.template));
  item(T.kind, esc(m.kind));
  item(T.previous, m.previous === -1 ? '' : typeof m.previous === 'number' ? '<a href="#r' + m.previous + '">' + esc(prevName(m.previous)) + '</a>' : esc(prevName(m.previous)));
  h += '</dl>';
  if (m.error) h += '<p class="unreadable">' + esc(T.unreadable) + ': ' + esc(m.error) + '</p>';
  if (m.notes.length) h += '<p class="muted">' + esc(T.notes) + ': ' + m.notes.map(esc).join('; ') + '</p>';
  if (m.faults.length) h += '<p class="sev-warning">' + esc(T.faults) + ': ' + m.faults.map(esc).join('; ') + '</p>';
  if (F.length) {
    h += '<h3>' + esc(T.findings) + ' (' + F.length + ')</h3><table class="findings"><thead><tr><th scope="col">' + esc(T.where) + '</th><th scope="col">' + esc(T.rule) + '</th><th scope="col">' + esc(T.severity) + '</th><th scope="col">' + esc(T.message) + '</th></tr></thead><tbody>';
    F.forEach(function (f) {
      var go = f[4].length ? '<a href="#cell-' + esc(f[4][0]) + '" data-go="' + esc(f[4][0]) + '">' + esc(f[3] || '→') + '</a>' : esc(f[3]);
      h += '<tr class="f-' + SEV[f[1]] + '"><td>' + go + '</td><td>' + esc(RULES[f[0]][0]) + '</td><td class="sev-' + SEV[f[1]] + '">' + esc(sevName(f[1])) + '</td><td>' + esc(f[2]) + '</td></tr>';
    });
    h += '</tbody></table>';
  } else if (!m.error) {
    h += '<p class="muted">' + esc(T.none) + '</p>';
  }
  if (R.p && R.p.length) h += pictures(R.p, F);
  if (R.t) {
    var byCell = {}, byLabel = {}, seen = {};
    F.forEach(function (f, n) {
      f[4].forEach(function (k) { (byCell[k] = byCell[k] || []).push(n); });
      if (f[6]) (byLabel[f[6]] = byLabel[f[6]] || []).push(n);
    });
    R.t.forEach(function (t) { h += grid(t[0], t[1], F, byCell, byLabel, seen); });
    (R.u || []).forEach(function (k) { h += '<p class="sev-warning">' + esc(k) + ': ' + esc(T.not_readable) + '</p>'; });
    if (!m.error) (R.nf || []).forEach(function (k) { h += '<p class="muted">' + esc(k) + ': ' + esc(T.not_found) + '</p>'; });
  }
  detail.innerHTML = h;
  detail.hidden = false;
  detail.querySelectorAll('a[data-go]').forEach(function (a) {
    a.addEventListener('click', function (e) {
      var target = document.getElementById('cell-' + a.dataset.go);
      if (target) { e.preventDefault(); target.scrollIntoView({block: 'center'}); target.setAttribute('tabindex', '-1'); target.focus(); }
    });
  });
  document.getElementById('detail-h').focus();
}
function route() {
  var m = /^#r(\d+)$/.exec(location.hash);
  if (m) show(+m[1]);
  else { detail.hidden = true; if (location.hash === '#list') focusRow(active); }
}
window.addEventListener('hashchange', route);
update();
route();
})();

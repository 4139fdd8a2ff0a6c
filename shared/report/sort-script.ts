/**
 * The page's only script, inline (no network): click a column header to sort its table, again to
 * reverse. Cells sort by `data-v` when present (exact numbers), else by their text. It reads cell
 * text with textContent and never writes HTML, so sorting cannot turn a value into markup.
 */
export const SORT_SCRIPT = `(function () {
  function key(cell) {
    var v = cell.getAttribute('data-v');
    if (v !== null && v !== '' && !isNaN(Number(v))) return { n: Number(v) };
    return { s: (cell.textContent || '').trim().toLowerCase() };
  }
  function compare(a, b) {
    if (a.n !== undefined && b.n !== undefined) return a.n - b.n;
    if (a.n !== undefined) return -1;
    if (b.n !== undefined) return 1;
    return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
  }
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var headers = table.querySelectorAll('thead th');
    Array.prototype.forEach.call(headers, function (th, column) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var descending = th.getAttribute('aria-sort') !== 'descending';
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
        rows.sort(function (a, b) {
          var c = compare(key(a.cells[column]), key(b.cells[column]));
          return descending ? -c : c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();`;

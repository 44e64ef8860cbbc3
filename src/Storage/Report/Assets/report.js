/* StorageTyped sweep report: reads the JSON in #report-data and draws the header, the table of runs and the charts.
   The query language, the sort order and the statistics are ports of the library's (src/Storage/Groups/QueryParser.cs,
   QueryEvaluator.cs, ValueComparison.cs, GroupSort.cs; src/Storage/Analysis/StudentT.cs, SampleStatistics.cs); the
   browser tests run the same queries through both and compare. Everything is built with textContent, never from
   markup, so a parameter value cannot inject anything into the page. */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('report-data').textContent);
  var runCount = data.runs.length;
  var STATUS = { c: 'completed', f: 'failed', r: 'running', i: 'interrupted', u: 'unknown' };
  var PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#1f77b4', '#2ca02c'];

  // ---------------------------------------------------------------------------------------------------------------
  // Values: a column has a kind letter and a value per run (see ReportModel.WriteColumn).
  var columnsByKey = {};
  data.columns.forEach(function (column) { columnsByKey[column.key.toLowerCase()] = column; });

  /** Python's repr of a float (what config.ini holds): shortest digits, exponent below 1e-4 and from 1e16 on. */
  function pyFloat(x) {
    if (x !== x) return 'nan';
    if (x === Infinity) return 'inf';
    if (x === -Infinity) return '-inf';
    if (x === 0) return 1 / x < 0 ? '-0.0' : '0.0';
    var m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(x.toExponential());
    var sign = m[1], digits = m[2] + (m[3] || ''), exp = parseInt(m[4], 10);
    if (exp < -4 || exp >= 16) {
      var abs = Math.abs(exp);
      return sign + (digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits) + 'e' + (exp < 0 ? '-' : '+') + (abs < 10 ? '0' + abs : abs);
    }
    if (exp >= 0) {
      if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length) + '.0';
      return sign + digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
    }
    return sign + '0.' + '0'.repeat(-exp - 1) + digits;
  }

  function cellText(column, run) {
    var kind = column.kinds[run], value = column.values[run];
    switch (kind) {
      case 'm': return '';
      case 'n': return 'None';
      case 'b': return value ? 'True' : 'False';
      case 'i': return String(value);
      case 'f': return typeof value === 'number' ? pyFloat(value) : value;
      default: return String(value);
    }
  }

  // Comparison keys, as ValueComparison.Key: the sort classes in sort order.
  var NUM = 0, NAN = 1, TXT = 2, NONE = 3, OTHER = 4;

  function keyOf(kind, value) {
    switch (kind) {
      case 'b': case 'i': return { c: NUM, n: value, t: null };
      case 'I': return { c: NUM, n: Number(value), t: null };
      case 'f':
        if (typeof value === 'number') return { c: NUM, n: value, t: null };
        if (value === 'nan') return { c: NAN, n: NaN, t: null };
        return { c: NUM, n: value === 'inf' ? Infinity : -Infinity, t: null };
      case 's': return { c: TXT, n: 0, t: value };
      case 'n': return { c: NONE, n: 0, t: null };
      default: return { c: OTHER, n: 0, t: String(value) };
    }
  }

  function cellKey(column, run) { return keyOf(column.kinds[run], column.values[run]); }

  function ordinal(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  /** ValueComparison.Order: numbers ascending, NaN, strings (ordinal), None, other values by their text. */
  function order(a, b) {
    if (a.c !== b.c) return a.c - b.c;
    if (a.c === NUM) return a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
    if (a.c === TXT || a.c === OTHER) return ordinal(a.t, b.t);
    return 0;
  }

  /** A string that is equal for equal values (1 and 1.0 alike), to group runs by a parameter. */
  function groupingKey(key) { return key.c === NUM ? 'n' + key.n : key.c === NAN ? 'nan' : key.c + ':' + key.t; }

  /** Python's truth of a value: None, False, 0, '' and empty collections are false. */
  function truthy(kind, value) {
    switch (kind) {
      case 'n': return false;
      case 'b': case 'i': return value !== 0;
      case 'I': return !/^[-+]?0+$/.test(value);
      case 'f': return typeof value === 'number' ? value !== 0 : true;
      case 's': return value.length > 0;
      default: return !/^\s*(\[\s*\]|\(\s*\)|\{\s*\})\s*$/.test(value);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The query language (a port of QueryParser and QueryEvaluator; the error messages are the library's, word for word).
  var LT = 0, LE = 1, GT = 2, GE = 3, EQ = 4, NE = 5;
  var T_KEY = 0, T_LITERAL = 1, T_OP = 2, T_AND = 3, T_OR = 4, T_OPEN = 5, T_CLOSE = 6, T_END = 7;
  // QueryParser.MaxNesting: parentheses nest at most this deep, and a chain of and/or is one node, so parsing and
  // evaluation recurse only as deep as the nesting, as in the library.
  var MAX_NESTING = 100;

  function isSpace(c) {
    return (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x20) || c === 0x85 || c === 0xa0 || c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
  }

  function QueryError(message) { this.name = 'QueryError'; this.message = message; }
  QueryError.prototype = Object.create(Error.prototype);

  function queryError(query, position, problem) {
    var oneLine = query.replace(/[\n\r\t]/g, ' ');
    return new QueryError('The query is malformed at position ' + position + ': ' + problem + '.\n  ' + oneLine + '\n  ' + ' '.repeat(position) + '^');
  }

  function isWordChar(ch) {
    return !isSpace(ch.charCodeAt(0)) && '()\'"<>=!'.indexOf(ch) < 0;
  }

  /** Digits with single underscores between them: the count of digits, and where they end. */
  function scanDigits(text, start) {
    var count = 0, i = start;
    while (i < text.length) {
      var ch = text[i];
      if (ch >= '0' && ch <= '9') { count++; i++; continue; }
      if (ch === '_' && count > 0 && i + 1 < text.length && text[i + 1] >= '0' && text[i + 1] <= '9') { i++; continue; }
      break;
    }
    return { count: count, end: i };
  }

  /** PythonLiteral.IsNumber for a word that starts like a number: int or float syntax (no nan or inf there). */
  function parseNumberWord(word) {
    var i = word[0] === '+' || word[0] === '-' ? 1 : 0;
    var j = i;
    if (j < word.length && word[j] === '.') j++;
    if (!(j < word.length && word[j] >= '0' && word[j] <= '9')) return null;
    var before = scanDigits(word, i), position = before.end, isInteger = true, after = 0;
    if (position < word.length && word[position] === '.') {
      isInteger = false;
      position++;
      if (position < word.length && word[position] >= '0' && word[position] <= '9') {
        var fraction = scanDigits(word, position);
        after = fraction.count;
        position = fraction.end;
      }
    }
    if (before.count === 0 && after === 0) return null;
    if (position < word.length && (word[position] === 'e' || word[position] === 'E')) {
      isInteger = false;
      position++;
      if (position < word.length && (word[position] === '+' || word[position] === '-')) position++;
      var exponent = scanDigits(word, position);
      if (exponent.count <= 0) return null;
      position = exponent.end;
    }
    if (position !== word.length) return null;
    return { c: NUM, n: Number(word.replace(/_/g, '')), t: null, integer: isInteger };
  }

  function tokenize(query) {
    var tokens = [], i = 0;
    while (i < query.length) {
      var ch = query[i];
      if (isSpace(query.charCodeAt(i))) { i++; continue; }
      var start = i;
      if (ch === '(') { tokens.push({ kind: T_OPEN, pos: i, len: 1 }); i++; continue; }
      if (ch === ')') { tokens.push({ kind: T_CLOSE, pos: i, len: 1 }); i++; continue; }
      if (ch === '\'' || ch === '"') {
        var text = '';
        i++;
        var closed = false;
        while (i < query.length) {
          var c = query[i++];
          if (c === ch) { closed = true; break; }
          if (c === '\\' && i < query.length) {
            var escaped = query[i++];
            text += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped === 'r' ? '\r' : escaped;
            continue;
          }
          text += c;
        }
        if (!closed) throw queryError(query, start, 'the string starting here is never closed; add a closing ' + ch);
        tokens.push({ kind: T_LITERAL, pos: start, len: i - start, value: { c: TXT, n: 0, t: text } });
        continue;
      }
      if (ch === '<' || ch === '>' || ch === '=' || ch === '!') {
        var withEquals = i + 1 < query.length && query[i + 1] === '=';
        var op = ch === '<' ? (withEquals ? LE : LT) : ch === '>' ? (withEquals ? GE : GT) : ch === '=' ? (withEquals ? EQ : null) : (withEquals ? NE : null);
        if (op === null) throw queryError(query, i, ch === '=' ? '\'=\' alone is not an operator; compare with \'==\'' : '\'!\' alone is not an operator; use \'!=\' for \'not equal\'');
        var length = withEquals ? 2 : 1;
        if (i + length < query.length && '<>=!'.indexOf(query[i + length]) >= 0)
          throw queryError(query, i + length, '\'' + query.substr(i, length + 1) + '\' is not an operator; use one of > >= < <= == !=');
        tokens.push({ kind: T_OP, pos: i, len: length, op: op });
        i += length;
        continue;
      }
      while (i < query.length && isWordChar(query[i])) i++;
      var word = query.slice(start, i);
      if (word === '&&' || word === '&') throw queryError(query, start, 'use \'and\' to join conditions');
      if (word === '||' || word === '|') throw queryError(query, start, 'use \'or\' to join conditions');
      var lower = word.toLowerCase();
      if (lower === 'not') throw queryError(query, start, '\'not\' is not supported; negate the comparison instead (!= for ==, <= for >)');
      if (lower === 'and') tokens.push({ kind: T_AND, pos: start, len: word.length });
      else if (lower === 'or') tokens.push({ kind: T_OR, pos: start, len: word.length });
      else if (lower === 'true') tokens.push({ kind: T_LITERAL, pos: start, len: word.length, value: { c: NUM, n: 1, t: null } });
      else if (lower === 'false') tokens.push({ kind: T_LITERAL, pos: start, len: word.length, value: { c: NUM, n: 0, t: null } });
      else if (lower === 'none') tokens.push({ kind: T_LITERAL, pos: start, len: word.length, value: { c: NONE, n: 0, t: null } });
      else {
        var number = parseNumberWord(word);
        if (number) tokens.push({ kind: T_LITERAL, pos: start, len: word.length, value: number });
        else tokens.push({ kind: T_KEY, pos: start, len: word.length, key: lower });
      }
    }
    tokens.push({ kind: T_END, pos: query.length, len: 0 });
    return tokens;
  }

  /** Parses a query into a tree: {type: 'key'|'literal'|'cmp'|'and'|'or', …}. Throws a QueryError as the library's FormatException. */
  function parseQuery(query) {
    var tokens = tokenize(query), next = 0, nesting = 0;
    function peek() { return tokens[next]; }
    function take() { return tokens[next++]; }
    function textOf(token) { return token.kind === T_END ? 'the end' : query.substr(token.pos, token.len); }
    function error(position, problem) { return queryError(query, position, problem); }
    function operand(token) { return token.kind === T_KEY ? { type: 'key', key: token.key, pos: token.pos } : { type: 'literal', value: token.value, pos: token.pos }; }

    function parseOr() {
      var first = parseAnd(null);
      if (peek().kind !== T_OR) return first;
      var operands = [first];
      while (peek().kind === T_OR) operands.push(parseAnd(take()));
      return { type: 'or', operands: operands, pos: first.pos };
    }

    function parseAnd(after) {
      var first = parsePrimary(after);
      if (peek().kind !== T_AND) return first;
      var operands = [first];
      while (peek().kind === T_AND) operands.push(parsePrimary(take()));
      return { type: 'and', operands: operands, pos: first.pos };
    }

    function parsePrimary(after) {
      var token = peek();
      switch (token.kind) {
        case T_OPEN: {
          take();
          if (++nesting > MAX_NESTING)
            throw error(token.pos, 'parentheses nest more than ' + MAX_NESTING + ' deep here (Python\'s own limit is 200); write the condition with fewer parentheses');
          var inner = parseOr();
          nesting--;
          if (peek().kind !== T_CLOSE)
            throw error(peek().pos, peek().kind === T_END ? 'the \'(\' at position ' + token.pos + ' is never closed; add \')\'' : 'expected \')\' or \'and\'/\'or\' but found \'' + textOf(peek()) + '\'');
          take();
          return inner;
        }
        case T_KEY:
        case T_LITERAL: {
          var left = operand(take());
          if (peek().kind !== T_OP) {
            if (left.type === 'literal')
              throw error(token.pos, '\'' + textOf(token) + '\' is a value, not a condition; compare a parameter with it, as in score > ' + textOf(token));
            if (peek().kind === T_KEY || peek().kind === T_LITERAL || peek().kind === T_OPEN)
              throw error(peek().pos, 'expected an operator (> >= < <= == !=), \'and\', \'or\' or the end after \'' + textOf(token) + '\', but found \'' + textOf(peek()) + '\'');
            return left;
          }
          var op = take();
          var rightToken = peek();
          if (rightToken.kind !== T_KEY && rightToken.kind !== T_LITERAL)
            throw error(rightToken.pos, 'expected a value (a number, a quoted string, True, False or None) or a parameter after \'' + textOf(op) + '\'');
          var right = operand(take());
          if (left.type === 'literal' && right.type === 'literal')
            throw error(token.pos, 'a comparison needs a parameter name on one side; both sides are values');
          if (peek().kind === T_OP)
            throw error(peek().pos, 'chained comparisons are not supported; write them as two conditions joined by \'and\', as in 0.1 < score and score < 0.5');
          return { type: 'cmp', left: left, op: op.op, right: right, pos: token.pos };
        }
        case T_END:
          throw error(token.pos, after ? 'expected a condition after \'' + textOf(after) + '\'' : 'the query ends where a condition was expected');
        default:
          throw error(token.pos, 'expected a parameter name, a condition or \'(\' but found \'' + textOf(token) + '\'');
      }
    }

    if (peek().kind === T_END) throw error(0, 'the query is empty; write a parameter name such as score, or a condition such as score > 0.5');
    var root = parseOr();
    var end = peek();
    if (end.kind !== T_END) {
      var what = end.kind === T_CLOSE ? 'a \')\' that closes no \'(\'' : '\'' + textOf(end) + '\' after a complete condition; join conditions with \'and\' or \'or\'';
      throw error(end.pos, 'unexpected ' + what);
    }
    return root;
  }

  /** ValueComparison.Compare: how a query compares two values. NaN is unequal to everything; different kinds are only unequal. */
  function compare(a, op, b) {
    var numeric = (a.c === NUM || a.c === NAN) && (b.c === NUM || b.c === NAN);
    if (numeric && (a.c === NAN || b.c === NAN)) return op === NE;
    var result;
    if (numeric) result = a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
    else if (a.c === b.c && a.c === TXT) result = ordinal(a.t, b.t);
    else if (a.c === b.c && a.c === NONE) result = 0;
    else if (a.c === b.c && a.c === OTHER && (op === EQ || op === NE)) result = a.t === b.t ? 0 : 1;
    else return op === NE;
    if (a.c === NONE && op !== EQ && op !== NE) return false;
    switch (op) {
      case LT: return result < 0;
      case LE: return result <= 0;
      case GT: return result > 0;
      case GE: return result >= 0;
      case EQ: return result === 0;
      default: return result !== 0;
    }
  }

  /** A test of one run (by index into data.runs) for a parsed query, as QueryEvaluator builds it. */
  function compileQuery(root) {
    function column(key) { return columnsByKey[key] || null; }
    function present(col, run) { return col !== null && col.kinds[run] !== 'm'; }
    function build(node) {
      switch (node.type) {
        case 'key': {
          var col = column(node.key);
          return function (run) { return present(col, run) && truthy(col.kinds[run], col.values[run]); };
        }
        case 'and': {
          var all = node.operands.map(build);
          return function (run) { for (var i = 0; i < all.length; i++) if (!all[i](run)) return false; return true; };
        }
        case 'or': {
          var any = node.operands.map(build);
          return function (run) { for (var i = 0; i < any.length; i++) if (any[i](run)) return true; return false; };
        }
        default: {
          var op = node.op;
          if (node.left.type === 'key' && node.right.type === 'key') {
            var left = column(node.left.key), right = column(node.right.key);
            return function (run) { return present(left, run) && present(right, run) && compare(cellKey(left, run), op, cellKey(right, run)); };
          }
          var constantOnLeft = node.left.type === 'literal';
          var keyed = column(constantOnLeft ? node.right.key : node.left.key);
          var constant = constantOnLeft ? node.left.value : node.right.value;
          return function (run) {
            if (!present(keyed, run)) return false;
            var value = cellKey(keyed, run);
            return constantOnLeft ? compare(constant, op, value) : compare(value, op, constant);
          };
        }
      }
    }
    if (root.type === 'key') {
      var only = column(root.key);
      return function (run) { return present(only, run); };
    }
    return build(root);
  }

  /** The runs a query selects, as smg.Select(query) gives them (by name, in the data's order). */
  function select(query) {
    var test = compileQuery(parseQuery(query)), names = [];
    for (var run = 0; run < runCount; run++) if (test(run)) names.push(data.runs[run]);
    return names;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Statistics (ports of StudentT and SampleStatistics).
  var tCache = {};

  function twoSidedProbability(theta, nu) {
    var sin = Math.sin(theta), cos = Math.cos(theta), cos2 = cos * cos;
    if (nu === 1) return 2 * theta / Math.PI;
    var sum = 1, compensation = 0, term = 1, k, t;
    function add(value) {
      t = sum + value;
      compensation += Math.abs(sum) >= Math.abs(value) ? (sum - t) + value : (value - t) + sum;
      sum = t;
    }
    if (nu % 2 === 0) {
      for (k = 1; k <= (nu - 2) / 2; k++) { term *= (2 * k - 1) / (2 * k) * cos2; if (term === 0) break; add(term); }
      return sin * (sum + compensation);
    }
    for (k = 1; k <= (nu - 3) / 2; k++) { term *= 2 * k / (2 * k + 1) * cos2; if (term === 0) break; add(term); }
    return 2 / Math.PI * (theta + sin * cos * (sum + compensation));
  }

  function tQuantile(confidence, df) {
    if (df < 1) return NaN;
    var cacheKey = confidence + ':' + df;
    if (cacheKey in tCache) return tCache[cacheKey];
    var low = 0, high = Math.PI / 2;
    for (;;) {
      var middle = low + (high - low) / 2;
      if (middle <= low || middle >= high) break;
      if (twoSidedProbability(middle, df) < confidence) low = middle; else high = middle;
    }
    return (tCache[cacheKey] = Math.sqrt(df) * Math.tan(low + (high - low) / 2));
  }

  /** numpy's pairwise sum (blocks of 128 with 8 accumulators), as Aggregation.Sum. */
  function pairwiseSum(a, start, count) {
    var i, sum;
    if (count < 8) { sum = 0; for (i = start; i < start + count; i++) sum += a[i]; return sum; }
    if (count <= 128) {
      var r = [a[start], a[start + 1], a[start + 2], a[start + 3], a[start + 4], a[start + 5], a[start + 6], a[start + 7]];
      for (i = 8; i < count - count % 8; i += 8)
        for (var j = 0; j < 8; j++) r[j] += a[start + i + j];
      sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < count; i++) sum += a[start + i];
      return sum;
    }
    var half = Math.floor(count / 2);
    half -= half % 8;
    return pairwiseSum(a, start, half) + pairwiseSum(a, start + half, count - half);
  }

  function sampleStatistics(values, confidence) {
    var n = values.length;
    if (n === 0) return { n: 0, mean: NaN, std: NaN, sem: NaN, lo: NaN, hi: NaN };
    var mean = pairwiseSum(values, 0, n) / n;
    if (n === 1) return { n: 1, mean: mean, std: NaN, sem: NaN, lo: NaN, hi: NaN };
    var squares = values.map(function (v) { var d = v - mean; return d * d; });
    var std = Math.sqrt(pairwiseSum(squares, 0, n) / (n - 1)), sem = std / Math.sqrt(n), t = tQuantile(confidence, n - 1);
    return { n: n, mean: mean, std: std, sem: sem, lo: mean - t * sem, hi: mean + t * sem };
  }

  function metricValue(column, run) {
    if (!column) return null;
    var kind = column.kinds[run], value = column.values[run];
    if (kind === 'b' || kind === 'i') return value;
    if (kind === 'I') return Number(value);
    if (kind === 'f') return typeof value === 'number' ? value : value === 'nan' ? NaN : value === 'inf' ? Infinity : -Infinity;
    return null;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Small DOM helpers (text only).
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    if (attributes) for (var name in attributes) {
      if (name === 'text') node.textContent = attributes[name];
      else if (name === 'className') node.className = attributes[name];
      else node.setAttribute(name, attributes[name]);
    }
    (children || []).forEach(function (child) { if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child); });
    return node;
  }

  function runHref(run) { return data.runsHref + encodeURIComponent(data.runs[run]) + '/'; }

  // ---------------------------------------------------------------------------------------------------------------
  // Header: group, runs by status, schema, provenance.
  function renderHeader() {
    var header = document.getElementById('header');
    header.appendChild(el('h1', { text: data.title }));
    var counts = {};
    for (var i = 0; i < data.status.length; i++) counts[data.status[i]] = (counts[data.status[i]] || 0) + 1;
    var summary = el('div', { className: 'summary', id: 'status-summary' }, [el('span', { text: 'group ' + data.group + ' · ' + runCount + ' runs' })]);
    var chips = el('span');
    'cfriu'.split('').forEach(function (letter) {
      if (counts[letter]) chips.appendChild(el('span', { className: 'chip ' + STATUS[letter], 'data-status': STATUS[letter], text: STATUS[letter] + ' ' + counts[letter] }));
    });
    summary.appendChild(chips);
    summary.appendChild(el('span', { className: 'folder', text: data.mainFolder }));
    header.appendChild(summary);

    var facts = el('div', { className: 'facts' });
    var varying = el('table', { id: 'schema-varying' }, [el('caption', { text: 'Varying (' + data.schema.varying.length + ')' })]);
    data.schema.varying.forEach(function (axis) {
      var shown = axis.values.slice(0, 12);
      var values = shown.join(', ') + (axis.count > shown.length ? ', … (' + axis.count + ' values)' : '');
      var role = data.metrics.indexOf(axis.key) >= 0 ? ' · metric' : axis.key === data.replicate ? ' · replicate' : '';
      varying.appendChild(el('tr', null, [el('th', { text: axis.key }), el('td', { className: 'values', text: values }),
        el('td', { text: axis.types.join(' | ') + role + (axis.runsWithout ? ' · ' + axis.runsWithout + ' runs without' : '') })]));
    });
    var constant = el('table', { id: 'schema-constant' }, [el('caption', { text: 'Constant (' + data.schema.constant.length + ')' })]);
    data.schema.constant.forEach(function (entry) {
      constant.appendChild(el('tr', null, [el('th', { text: entry.key }), el('td', { className: 'values', text: entry.value })]));
    });
    var provenance = el('table', { id: 'provenance' }, [el('caption', { text: 'Provenance' })]);
    var p = data.provenance;
    if (p.hosts.length === 0 && p.commits.length === 0) {
      provenance.appendChild(el('tr', null, [el('td', { text: 'No [Provenance] recorded (runs written by PymoNNto, or with provenance off).' })]));
    }
    p.hosts.forEach(function (host) { provenance.appendChild(el('tr', { className: 'host' }, [el('th', { text: 'host' }), el('td', { className: 'values', text: host.value }), el('td', { text: host.runs + ' runs' })])); });
    p.commits.forEach(function (commit) {
      provenance.appendChild(el('tr', { className: 'commit' }, [el('th', { text: 'git commit' }), el('td', { className: 'values', text: commit.value.slice(0, 12) }),
        el('td', { text: commit.runs + ' runs' + (commit.dirty ? ', ' + commit.dirty + ' with uncommitted changes' : '') })]));
    });
    p.versions.forEach(function (version) { provenance.appendChild(el('tr', null, [el('th', { text: 'StorageTyped' }), el('td', { className: 'values', text: version.value }), el('td', { text: version.runs + ' runs' })])); });
    facts.appendChild(varying);
    facts.appendChild(constant);
    facts.appendChild(provenance);
    header.appendChild(facts);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The table of runs: every parameter a column, sorted by any column, filtered, virtualized (only the rows in view exist).
  var table = {
    columns: [],
    order: null,        // every run, in the current sort order
    visible: null,      // the runs the filters keep, in that order
    sort: null,         // { id, descending }
    rowHeight: 25,
    onFilter: []
  };

  function buildColumns() {
    table.columns.push({ id: 'run', label: 'run', text: function (run) { return data.runs[run]; } });
    table.columns.push({ id: 'status', label: 'status', text: function (run) { return STATUS[data.status[run]]; } });
    data.columns.forEach(function (column) {
      table.columns.push({ id: 'p:' + column.key, label: column.key, param: column, text: function (run) { return cellText(column, run); } });
    });
    if (data.videos) table.columns.push({ id: 'videos', label: 'videos', text: function (run) { return data.videos[run].join(' '); } });
  }

  /** The sort keys of a column, computed once: class per run (255 = missing), number, text. */
  function sortKeys(column) {
    if (column.keys) return column.keys;
    var classes = new Uint8Array(runCount), numbers = new Float64Array(runCount), texts = new Array(runCount);
    for (var run = 0; run < runCount; run++) {
      if (column.param) {
        if (column.param.kinds[run] === 'm') { classes[run] = 255; continue; }
        var key = cellKey(column.param, run);
        classes[run] = key.c; numbers[run] = key.n; texts[run] = key.t;
      } else if (column.id === 'run') {
        numbers[run] = run;
      } else {
        classes[run] = TXT; texts[run] = column.text(run);
      }
    }
    return (column.keys = { classes: classes, numbers: numbers, texts: texts });
  }

  /** Sorts every run by a column, stably from the current order, as the group's SortBy: runs lacking the value last either way. */
  function sortBy(id, descending) {
    var column = table.columns.filter(function (c) { return c.id === id; })[0];
    if (!column) throw new Error('No column ' + id);
    var keys = sortKeys(column), classes = keys.classes, numbers = keys.numbers, texts = keys.texts;
    var position = new Int32Array(runCount);
    for (var p = 0; p < runCount; p++) position[table.order[p]] = p;
    var sorted = Array.prototype.slice.call(table.order);
    sorted.sort(function (a, b) {
      var ma = classes[a] === 255, mb = classes[b] === 255;
      if (ma !== mb) return ma ? 1 : -1;
      var result = 0;
      if (!ma) {
        if (classes[a] !== classes[b]) result = classes[a] - classes[b];
        else if (classes[a] === NUM) result = numbers[a] < numbers[b] ? -1 : numbers[a] > numbers[b] ? 1 : 0;
        else if (classes[a] === TXT || classes[a] === OTHER) result = ordinal(texts[a], texts[b]);
      }
      if (descending) result = -result;
      return result || position[a] - position[b];
    });
    table.order = Int32Array.from(sorted);
    table.sort = { id: id, descending: descending };
    applyFilters();
    var heads = document.querySelectorAll('#runs-table thead tr.names th');
    table.columns.forEach(function (c, i) {
      heads[i].className = c.id === id ? (descending ? 'sorted-desc' : 'sorted-asc') : '';
      heads[i].setAttribute('aria-sort', c.id === id ? (descending ? 'descending' : 'ascending') : 'none');
    });
  }

  /** A column's own filter as a condition of the query language: "> 0.5" → key > 0.5, "0.5" → key == 0.5, "abc" → key == 'abc'. */
  function columnCondition(key, text) {
    text = text.trim();
    if (/^[<>=!]/.test(text)) return key + ' ' + text;
    if (/^['"]/.test(text) || /^(true|false|none)$/i.test(text) || parseNumberWord(text)) return key + ' == ' + text;
    return key + ' == \'' + text.replace(/\\/g, '\\\\').replace(/'/g, '\\\'') + '\'';
  }

  /** The query the filters stand for: the query box and each parameter column's own filter, joined with and. */
  function combinedQuery() {
    var parts = [];
    var main = document.getElementById('query').value.trim();
    if (main) parts.push('(' + main + ')');
    table.columns.forEach(function (column) {
      if (column.param && column.filter && column.filter.trim()) parts.push('(' + columnCondition(column.param.key, column.filter) + ')');
    });
    return parts.join(' and ');
  }

  /** Checks each filter on its own, so that an error points into what the user typed; null when all parse. */
  function filterError() {
    var main = document.getElementById('query').value.trim();
    try { if (main) parseQuery(main); } catch (e) { if (e instanceof QueryError) return e.message; throw e; }
    var message = null;
    table.columns.forEach(function (column) {
      if (message || !column.param || !column.filter || !column.filter.trim()) return;
      var condition = columnCondition(column.param.key, column.filter);
      try { parseQuery(condition); } catch (e) { if (e instanceof QueryError) message = 'The filter of column ' + column.label + ' (' + condition + '): ' + e.message; else throw e; }
    });
    return message;
  }

  function applyFilters() {
    var query = combinedQuery(), test = null;
    var error = document.getElementById('query-error'), input = document.getElementById('query');
    var problem = filterError();
    error.textContent = problem || '';
    input.classList.toggle('invalid', problem !== null);
    if (problem) return;
    if (query) test = compileQuery(parseQuery(query));
    var runFilter = null, statusFilter = null;
    table.columns.forEach(function (column) {
      if (column.id === 'run' && column.filter) runFilter = column.filter.trim().toLowerCase();
      if (column.id === 'status' && column.filter) statusFilter = column.filter.trim().toLowerCase();
    });
    var kept = [];
    for (var p = 0; p < runCount; p++) {
      var run = table.order[p];
      if (test && !test(run)) continue;
      if (runFilter && data.runs[run].toLowerCase().indexOf(runFilter) < 0) continue;
      if (statusFilter && STATUS[data.status[run]].indexOf(statusFilter) !== 0) continue;
      kept.push(run);
    }
    table.visible = Int32Array.from(kept);
    table.query = query;
    var count = document.getElementById('row-count');
    count.textContent = (kept.length === runCount ? runCount + ' runs' : kept.length + ' of ' + runCount + ' runs');
    count.setAttribute('data-count', kept.length);
    renderRows();
    table.onFilter.forEach(function (listener) { listener(); });
  }

  function renderTable() {
    buildColumns();
    var thead = document.querySelector('#runs-table thead');
    var names = el('tr', { className: 'names' }), filters = el('tr', { className: 'filters' });
    table.columns.forEach(function (column) {
      var head = el('th', { text: column.label, title: 'Sort by ' + column.label + ' (click again: descending)', 'data-column': column.id });
      head.addEventListener('click', function () {
        sortBy(column.id, table.sort && table.sort.id === column.id ? !table.sort.descending : false);
      });
      names.appendChild(head);
      var input = el('input', { type: 'search', 'data-column': column.id, 'aria-label': 'filter ' + column.label,
        placeholder: column.param ? '> 0.5, == 1 …' : column.id === 'videos' ? '' : 'contains' });
      if (column.id === 'videos') input.disabled = true;
      var timer = null;
      input.addEventListener('input', function () {
        column.filter = input.value;
        clearTimeout(timer);
        timer = setTimeout(applyFilters, 120);
      });
      filters.appendChild(el('th', null, [input]));
    });
    thead.appendChild(names);
    thead.appendChild(filters);

    var queryTimer = null;
    document.getElementById('query').addEventListener('input', function () {
      clearTimeout(queryTimer);
      queryTimer = setTimeout(applyFilters, 150);
    });
    var scroller = document.getElementById('table-scroll'), pending = false;
    scroller.addEventListener('scroll', function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; renderRows(); });
    });
    table.order = new Int32Array(runCount);
    for (var run = 0; run < runCount; run++) table.order[run] = run;
    applyFilters();
  }

  function renderCell(column, run) {
    if (column.id === 'run') return el('td', null, [el('a', { href: runHref(run), text: data.runs[run] })]);
    if (column.id === 'status') return el('td', { className: 'status-' + STATUS[data.status[run]], text: STATUS[data.status[run]] });
    if (column.id === 'videos') {
      var cell = el('td');
      data.videos[run].forEach(function (file, i) {
        if (i) cell.appendChild(document.createTextNode(' '));
        cell.appendChild(el('a', { href: runHref(run) + encodeURIComponent(file), text: file }));
      });
      return cell;
    }
    var kind = column.param.kinds[run];
    return el('td', { className: kind === 'b' || kind === 'i' || kind === 'I' || kind === 'f' ? 'num' : kind === 'n' || kind === 'm' ? 'none' : '', text: cellText(column.param, run) });
  }

  /** Draws the rows in view (and a few around them) between two spacer rows that stand for the others. */
  function renderRows() {
    var scroller = document.getElementById('table-scroll'), tbody = document.querySelector('#runs-table tbody');
    var rows = table.visible.length, height = table.rowHeight, overscan = 8;
    var first = Math.max(0, Math.floor(scroller.scrollTop / height) - overscan);
    var last = Math.min(rows, Math.ceil((scroller.scrollTop + scroller.clientHeight) / height) + overscan);
    var fragment = document.createDocumentFragment();
    fragment.appendChild(spacer(first * height));
    for (var p = first; p < last; p++) {
      var run = table.visible[p], row = el('tr', { 'data-run': data.runs[run] });
      table.columns.forEach(function (column) { row.appendChild(renderCell(column, run)); });
      fragment.appendChild(row);
    }
    fragment.appendChild(spacer((rows - last) * height));
    tbody.textContent = '';
    tbody.appendChild(fragment);
    if (last > first) {
      var measured = tbody.children[1].getBoundingClientRect().height;
      if (measured > 0 && Math.abs(measured - height) > 0.5) { table.rowHeight = measured; renderRows(); }
    }
  }

  function spacer(pixels) {
    var row = el('tr', { className: 'spacer', 'aria-hidden': 'true' }), cell = el('td', { colspan: String(table.columns.length) });
    cell.style.height = pixels + 'px';
    row.appendChild(cell);
    return row;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Charts: each metric against each axis, one line per value of another axis, a confidence band over the replicates.
  var charts = [];

  function distinctValues(column, runs) {
    var seen = {}, values = [];
    runs.forEach(function (run) {
      if (!column || column.kinds[run] === 'm') return;
      var key = cellKey(column, run), id = groupingKey(key);
      if (!(id in seen)) { seen[id] = values.length; values.push({ key: key, text: cellText(column, run), id: id }); }
    });
    values.sort(function (a, b) { return order(a.key, b.key); });
    return values;
  }

  function chartRuns(chart) {
    var runs = chart.followFilter ? Array.prototype.slice.call(table.visible) : data.runs.map(function (_, i) { return i; });
    var fixed = chart.fixed;
    return runs.filter(function (run) {
      for (var axis in fixed) {
        if (fixed[axis] === null) continue;
        var column = columnsByKey[axis];
        if (!column || column.kinds[run] === 'm' || groupingKey(cellKey(column, run)) !== fixed[axis]) return false;
      }
      return true;
    });
  }

  /** Groups the chart's runs by x and series value; the statistics of the metric in each group. */
  function computeChart(chart) {
    var runs = chartRuns(chart);
    var xColumn = columnsByKey[chart.x.toLowerCase()], sColumn = chart.series ? columnsByKey[chart.series.toLowerCase()] : null;
    var metric = columnsByKey[chart.metric.toLowerCase()];
    var xs = distinctValues(xColumn, runs), ss = sColumn ? distinctValues(sColumn, runs) : [{ id: '', text: 'all runs' }];
    var xIndex = {}, sIndex = {};
    xs.forEach(function (x, i) { xIndex[x.id] = i; });
    ss.forEach(function (s, i) { sIndex[s.id] = i; });
    var groups = ss.map(function () { return xs.map(function () { return { values: [], runs: [] }; }); });
    runs.forEach(function (run) {
      if (xColumn.kinds[run] === 'm' || (sColumn && sColumn.kinds[run] === 'm')) return;
      var group = groups[sColumn ? sIndex[groupingKey(cellKey(sColumn, run))] : 0][xIndex[groupingKey(cellKey(xColumn, run))]];
      group.runs.push(run);
      var value = metricValue(metric, run);
      if (value !== null && value === value) group.values.push(value);
    });
    var numeric = xs.length > 0 && xs.every(function (x) { return x.key.c === NUM && isFinite(x.key.n); });
    chart.categorical = !numeric;
    chart.xLabels = xs.map(function (x) { return x.text; });
    chart.xValues = numeric ? xs.map(function (x) { return x.key.n; }) : xs.map(function (_, i) { return i; });
    chart.lines = [];
    ss.forEach(function (s, si) {
      var line = { label: sColumn ? chart.series + ' = ' + s.text : 'all runs', mean: [], lo: [], hi: [], n: [], runs: [] };
      var points = 0;
      groups[si].forEach(function (group) {
        var statistics = sampleStatistics(group.values, data.confidence);
        line.mean.push(statistics.n ? statistics.mean : null);
        line.lo.push(statistics.n > 1 ? statistics.lo : null);
        line.hi.push(statistics.n > 1 ? statistics.hi : null);
        line.n.push(statistics.n);
        line.runs.push(group.runs.map(function (run) { return data.runs[run]; }));
        if (statistics.n) points++;
      });
      line.points = points;
      if (points) chart.lines.push(line);
    });
  }

  function drawChart(chart) {
    computeChart(chart);
    if (chart.uplot) { chart.uplot.destroy(); chart.uplot = null; }
    chart.legend.textContent = '';
    chart.empty.textContent = chart.lines.length ? '' : 'No run in view has a value of ' + chart.metric + '.';
    if (!chart.lines.length) return;
    var series = [{ label: chart.x }], bands = [], plotted = [chart.xValues];
    chart.lines.forEach(function (line, i) {
      var color = PALETTE[i % PALETTE.length];
      series.push({ label: line.label, stroke: color, width: 2, points: { show: true, size: 7, fill: color } });
      series.push({ label: line.label + ' (high)', stroke: 'transparent', width: 0, points: { show: false } });
      series.push({ label: line.label + ' (low)', stroke: 'transparent', width: 0, points: { show: false } });
      bands.push({ series: [series.length - 2, series.length - 1], fill: color + '2e' });
      plotted.push(line.mean, line.hi, line.lo);
      chart.legend.appendChild(el('span', { className: 'chip', style: 'border-left: 10px solid ' + color, text: line.label }));
    });
    var positive = !chart.categorical && chart.xValues.length > 2 && chart.xValues[0] > 0;
    var logX = positive && chart.xValues[chart.xValues.length - 1] / chart.xValues[0] >= 20;
    var xAxis = { label: chart.x, stroke: '#5f6b7a' };
    var xScale = { time: false };
    if (logX) xScale.distr = 3;
    if (chart.categorical) {
      xAxis.splits = function () { return chart.xValues; };
      xAxis.values = function (u, splits) { return splits.map(function (v) { return chart.xLabels[v] !== undefined ? chart.xLabels[v] : ''; }); };
      xScale.range = function () { return [-0.5, chart.xValues.length - 0.5]; };
    } else if (chart.xValues.length <= 12) {
      xAxis.splits = function () { return chart.xValues; };
      xAxis.values = function (u, splits) { return splits.map(function (v) { var i = chart.xValues.indexOf(v); return i >= 0 ? chart.xLabels[i] : ''; }); };
      if (chart.xValues.length === 1) xScale.range = function () { return [chart.xValues[0] - 1, chart.xValues[0] + 1]; };
    }
    var options = {
      width: 520, height: 300,
      scales: { x: xScale },
      axes: [xAxis, { label: chart.metric, stroke: '#5f6b7a', size: 60 }],
      series: series, bands: bands,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 9 } },
      hooks: { setCursor: [function (u) { showTooltip(chart, u); }] }
    };
    chart.uplot = new uPlot(options, plotted, chart.plot);
  }

  function showTooltip(chart, u) {
    var tip = chart.tooltip, idx = u.cursor.idx;
    if (idx === null || idx === undefined || u.cursor.left < 0) { tip.style.display = 'none'; return; }
    tip.textContent = '';
    tip.appendChild(el('div', null, [el('b', { text: chart.x + ' = ' + chart.xLabels[idx] })]));
    chart.lines.forEach(function (line, i) {
      if (!line.n[idx]) return;
      var mean = line.mean[idx], lo = line.lo[idx], hi = line.hi[idx];
      var text = line.label + ': ' + chart.metric + ' ' + mean.toPrecision(4) + (lo !== null ? ' [' + lo.toPrecision(4) + ', ' + hi.toPrecision(4) + ']' : '') + ', N = ' + line.n[idx];
      var names = line.runs[idx];
      tip.appendChild(el('div', { style: 'color: ' + PALETTE[i % PALETTE.length] }, [text]));
      tip.appendChild(el('div', { className: 'runs', text: names.slice(0, 6).join(', ') + (names.length > 6 ? ', … ' + (names.length - 6) + ' more' : '') }));
    });
    tip.style.display = 'block';
    tip.style.left = Math.min(u.cursor.left + 70, 360) + 'px';
    tip.style.top = (u.cursor.top + 40) + 'px';
  }

  function renderCharts() {
    var container = document.getElementById('charts'), note = document.getElementById('charts-note');
    if (!data.metrics.length || !data.axes.length) {
      note.textContent = !data.metrics.length
        ? 'No metric: give them with --metric (runs report) or ReportOptions.Metrics; a float that differs in most runs is taken as one.'
        : 'No varying parameter besides the metrics' + (data.replicate ? ' and the replicate' : '') + ' to draw them against.';
      return;
    }
    note.textContent = 'Mean of each metric with its ' + Math.round(data.confidence * 100) + ' % confidence band (Student\'s t) over ' +
      (data.replicate ? 'the replicates (' + data.replicate + ')' : 'the runs') + '; the charts follow the table\'s filter. Hover for the runs.';
    var axisValues = {};
    data.axes.forEach(function (axis) { axisValues[axis] = distinctValues(columnsByKey[axis.toLowerCase()], data.runs.map(function (_, i) { return i; })); });
    data.metrics.forEach(function (metric) {
      data.axes.forEach(function (x) {
        var candidates = data.axes.filter(function (a) { return a !== x && axisValues[a].length <= 12; });
        candidates.sort(function (a, b) { return axisValues[a].length - axisValues[b].length; });
        var chart = { metric: metric, x: x, series: candidates.length ? candidates[0] : null, fixed: {}, followFilter: true, uplot: null };
        var card = el('div', { className: 'chart', 'data-metric': metric, 'data-x': x });
        card.appendChild(el('h3', { text: metric + ' against ' + x }));
        var controls = el('div', { className: 'controls' });
        var seriesSelect = el('select', { 'aria-label': 'lines' });
        seriesSelect.appendChild(el('option', { value: '', text: 'one line' }));
        candidates.forEach(function (a) { var o = el('option', { value: a, text: 'a line per ' + a }); if (a === chart.series) o.selected = true; seriesSelect.appendChild(o); });
        seriesSelect.addEventListener('change', function () { chart.series = seriesSelect.value || null; updateFixed(); drawChart(chart); });
        controls.appendChild(seriesSelect);
        var fixedControls = el('span');
        controls.appendChild(fixedControls);
        function updateFixed() {
          fixedControls.textContent = '';
          chart.fixed = {};
          data.axes.forEach(function (axis) {
            if (axis === x || axis === chart.series) return;
            chart.fixed[axis.toLowerCase()] = null;
            var select = el('select', { 'aria-label': axis });
            select.appendChild(el('option', { value: '', text: axis + ': all' }));
            axisValues[axis].forEach(function (v) { select.appendChild(el('option', { value: v.id, text: axis + ' = ' + v.text })); });
            select.addEventListener('change', function () { chart.fixed[axis.toLowerCase()] = select.value || null; drawChart(chart); });
            fixedControls.appendChild(document.createTextNode(' '));
            fixedControls.appendChild(select);
          });
        }
        updateFixed();
        card.appendChild(controls);
        chart.plot = el('div', { className: 'plot' });
        chart.legend = el('div', { className: 'legend' });
        chart.empty = el('div', { className: 'note' });
        chart.tooltip = el('div', { className: 'tooltip' });
        card.appendChild(chart.plot);
        card.appendChild(chart.legend);
        card.appendChild(chart.empty);
        card.appendChild(chart.tooltip);
        container.appendChild(card);
        charts.push(chart);
        drawChart(chart);
      });
    });
    var timer = null;
    table.onFilter.push(function () {
      clearTimeout(timer);
      timer = setTimeout(function () { charts.forEach(function (chart) { if (chart.followFilter) drawChart(chart); }); }, 100);
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Arrays: the element-wise mean over the runs with its confidence band, computed by the library when the report was written.
  var arrayCharts = [];

  function renderArrays() {
    var container = document.getElementById('arrays');
    if (!data.arrays.length) { document.getElementById('arrays-section').style.display = 'none'; return; }
    data.arrays.forEach(function (array) {
      var card = el('div', { className: 'chart', 'data-array': array.key });
      card.appendChild(el('h3', { text: array.key + ' (' + array.dtype + ', shape ' + array.shape.join(' × ') + (array.shape.length > 1 ? ', flattened' : '') + ')' }));
      card.appendChild(el('div', { className: 'controls', text: 'Mean over the runs with its ' + Math.round(data.confidence * 100) + ' % band' + (array.axis ? ', a line per ' + array.axis : '') + '.' }));
      var plot = el('div', { className: 'plot' }), legend = el('div', { className: 'legend' });
      card.appendChild(plot);
      card.appendChild(legend);
      container.appendChild(card);
      var series = [{ label: 'element' }], bands = [], plotted = [array.lines.length ? array.lines[0].x : []];
      array.lines.forEach(function (line, i) {
        var color = PALETTE[i % PALETTE.length];
        series.push({ label: line.label, stroke: color, width: 1.5, points: { show: false } });
        series.push({ label: line.label + ' (high)', stroke: 'transparent', width: 0, points: { show: false } });
        series.push({ label: line.label + ' (low)', stroke: 'transparent', width: 0, points: { show: false } });
        bands.push({ series: [series.length - 2, series.length - 1], fill: color + '2e' });
        plotted.push(line.mean, line.hi, line.lo);
        legend.appendChild(el('span', { className: 'chip', style: 'border-left: 10px solid ' + color, text: line.label + ' (' + line.runs + ' runs)' }));
      });
      var u = new uPlot({
        width: 520, height: 260, scales: { x: { time: false } },
        axes: [{ label: 'element', stroke: '#5f6b7a' }, { label: array.key, stroke: '#5f6b7a', size: 60 }],
        series: series, bands: bands, legend: { show: false }, cursor: { drag: { x: false, y: false } }
      }, plotted, plot);
      arrayCharts.push({ key: array.key, lines: array.lines, uplot: u });
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  var report = window.report = {
    data: data,
    parseQuery: parseQuery,
    select: select,
    pyFloat: pyFloat,
    tQuantile: tQuantile,
    sampleStatistics: sampleStatistics,
    table: table,
    sortBy: sortBy,
    setQuery: function (query) { document.getElementById('query').value = query; applyFilters(); },
    charts: charts,
    arrays: arrayCharts,
    ready: false
  };
  renderHeader();
  renderTable();
  renderCharts();
  renderArrays();
  report.ready = true;
  report.readyAt = performance.now();
  document.body.setAttribute('data-ready', 'true');
  document.body.setAttribute('data-ready-ms', report.readyAt.toFixed(0));   // read by the benchmark through chromium --dump-dom
})();

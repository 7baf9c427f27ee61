/*
 * The graph explorer: draws an entity's neighbourhood with Cytoscape.js and lets a person
 * expand it, read the evidence of each relationship, filter by relationship type and find
 * paths. Plain browser JavaScript, served as is (no build step); it talks to /graphql only.
 *
 * The view is state -> URL -> GraphQL -> Cytoscape: the URL holds the focus, the depth, the
 * enabled relationship types and the expanded nodes, so a view can be shared and reloaded.
 * `window.explorer` exposes the Cytoscape instance and an `idle` flag for the browser tests.
 */
(function () {
  'use strict';

  /* ------------------------------------------------------------------ constants */

  /** Node colour and shape by entity type (colour-blind-safe hues, distinct shapes as well). */
  var NODE_TYPES = {
    Organisation: { colour: '#3b6fd8', shape: 'ellipse', label: 'Organisation' },
    Project: { colour: '#e8833a', shape: 'round-rectangle', label: 'Project' },
    Country: { colour: '#2f9e6a', shape: 'hexagon', label: 'Country' },
    LegalFramework: { colour: '#8b5cf6', shape: 'diamond', label: 'Legal framework' },
    Person: { colour: '#d9487f', shape: 'triangle', label: 'Person' },
  };

  /** Relationship types in the order of src/db/relationships.ts, with an edge colour each. */
  var EDGE_TYPES = [
    { type: 'FUNDED_BY', colour: '#c99a06', label: 'funded by' },
    { type: 'IMPLEMENTED_BY', colour: '#3b6fd8', label: 'implemented by' },
    { type: 'BENEFITS', colour: '#2f9e6a', label: 'benefits' },
    { type: 'PARTNERED_WITH', colour: '#7c8aa5', label: 'partnered with' },
    { type: 'IN_COUNTRY', colour: '#aab2c0', label: 'in country', line: 'dashed' },
    { type: 'ALIGNED_WITH', colour: '#8b5cf6', label: 'aligned with' },
    { type: 'PART_OF', colour: '#475569', label: 'part of', line: 'dotted' },
    { type: 'SUCCEEDED_BY', colour: '#e0453a', label: 'succeeded by' },
    { type: 'MANAGES', colour: '#d9487f', label: 'manages' },
    { type: 'WORKS_FOR', colour: '#a1477f', label: 'works for' },
  ];
  var ALL_TYPES = EDGE_TYPES.map(function (t) { return t.type; });

  /** Nodes drawn around the focus, and around each expanded node (the API allows 2000). */
  var FOCUS_LIMIT = 500;
  var EXPAND_LIMIT = 200;
  /**
   * Expansions are fetched in chunks: the API refuses more than 30 aliases in one request,
   * and counts each neighbourhood by its limit (a 200-node one with its edges and evidence
   * costs about 1,700 of the 20,000 a request may cost), so 8 fit in one with room to spare.
   */
  var ALIASES_PER_REQUEST = 8;
  /** Beyond this many nodes, labels appear only when zoomed in (or on hover)... */
  var CROWDED = 80;
  /** ...except on this many of the most connected nodes, which stay labelled as landmarks. */
  var LANDMARKS = 12;
  /** The side panel lists at most this many of a node's drawn relationships. */
  var TIES_SHOWN = 40;

  var GRAPH_FIELDS =
    'truncated ' +
    'nodes { id name type labels acronym kind status startDate endDate isoCode jurisdiction year degree } ' +
    'edges { id source target type role title date evidence { document excerpt title publisher url curated reference } }';

  /* ------------------------------------------------------------------ state */

  var state = {
    focus: null,
    depth: 2,
    types: ALL_TYPES.slice(),
    expanded: [],
    truncated: false,
    showAllLabels: false,
    path: null,
  };

  var cy = null;
  var explorer = { cy: null, state: state, idle: true, error: null, loads: 0 };
  window.explorer = explorer;
  var pending = 0;

  function busy(delta) {
    pending += delta;
    explorer.idle = pending === 0;
    document.body.classList.toggle('is-busy', pending > 0);
  }

  /* ------------------------------------------------------------------ small helpers */

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === 'text') node.textContent = value;
        else if (key === 'className') node.className = value;
        // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
        else if (key === 'style') node.style.cssText = value;
        else if (key.indexOf('on') === 0) node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? '' : value);
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function shorten(text, max) {
    return text.length > max ? text.slice(0, max - 1).trimEnd() + '…' : text;
  }

  function edgeStyle(type) {
    for (var i = 0; i < EDGE_TYPES.length; i++) if (EDGE_TYPES[i].type === type) return EDGE_TYPES[i];
    return { type: type, colour: '#94a3b8', label: type.toLowerCase().replace(/_/g, ' ') };
  }

  function setStatus(message, kind) {
    var status = $('status');
    status.textContent = message || '';
    status.className = 'status' + (kind ? ' ' + kind : '');
    status.hidden = !message;
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  /* ------------------------------------------------------------------ GraphQL */

  function graphql(query, variables) {
    return fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: query, variables: variables || {} }),
    }).then(function (response) {
      return response.json().then(function (body) {
        if (body.errors && body.errors.length) {
          var error = new Error(body.errors.map(function (e) { return e.message; }).join(' '));
          error.code = body.errors[0].extensions && body.errors[0].extensions.code;
          throw error;
        }
        if (!response.ok) throw new Error('The service answered ' + response.status + '.');
        return body.data;
      });
    });
  }

  function typesArgument() {
    return state.types.length === ALL_TYPES.length ? null : state.types.slice();
  }

  /** The focus neighbourhood and every expansion, in as few requests as the alias limit allows. */
  function fetchView() {
    var requests = [{ alias: 'focus', id: state.focus, depth: state.depth, limit: FOCUS_LIMIT }];
    state.expanded.forEach(function (id, i) {
      requests.push({ alias: 'x' + i, id: id, depth: 1, limit: EXPAND_LIMIT });
    });
    var chunks = [];
    for (var i = 0; i < requests.length; i += ALIASES_PER_REQUEST) chunks.push(requests.slice(i, i + ALIASES_PER_REQUEST));
    return Promise.all(chunks.map(fetchNeighbourhoods)).then(function (parts) {
      var graphs = {};
      parts.forEach(function (part) { Object.keys(part).forEach(function (key) { graphs[key] = part[key]; }); });
      return requests.map(function (r) { return { request: r, graph: graphs[r.alias] }; });
    });
  }

  function fetchNeighbourhoods(requests) {
    var declarations = ['$types: [RelationshipType!]'];
    var fields = [];
    var variables = { types: typesArgument() };
    requests.forEach(function (r) {
      declarations.push('$' + r.alias + 'Id: ID!');
      variables[r.alias + 'Id'] = r.id;
      fields.push(r.alias + ': neighbourhood(id: $' + r.alias + 'Id, depth: ' + r.depth + ', limit: ' + r.limit + ', types: $types) { ...G }');
    });
    var query = 'query Explorer(' + declarations.join(', ') + ') { ' + fields.join(' ') + ' } fragment G on Graph { ' + GRAPH_FIELDS + ' }';
    return graphql(query, variables).catch(function (error) {
      // An expanded node that no longer exists should not spoil the whole view.
      if (error.code === 'NOT_FOUND' && requests.length > 1) {
        return Promise.all(requests.map(function (r) {
          return fetchNeighbourhoods([r]).catch(function () { var empty = {}; empty[r.alias] = null; return empty; });
        })).then(function (parts) { return Object.assign.apply(null, [{}].concat(parts)); });
      }
      throw error;
    });
  }

  /* ------------------------------------------------------------------ URL */

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    var depth = Number(params.get('depth'));
    state.focus = params.get('focus') || null;
    state.depth = Number.isInteger(depth) && depth >= 1 && depth <= 3 ? depth : 2;
    var types = (params.get('types') || '').split(',').map(function (t) { return t.trim().toUpperCase(); })
      .filter(function (t) { return ALL_TYPES.indexOf(t) >= 0; });
    state.types = types.length ? ALL_TYPES.filter(function (t) { return types.indexOf(t) >= 0; }) : ALL_TYPES.slice();
    state.expanded = (params.get('expand') || '').split(',').filter(Boolean);
  }

  function writeUrl(push) {
    var params = new URLSearchParams();
    if (state.focus) params.set('focus', state.focus);
    params.set('depth', String(state.depth));
    if (state.types.length !== ALL_TYPES.length) params.set('types', state.types.join(','));
    if (state.expanded.length) params.set('expand', state.expanded.join(','));
    var url = window.location.pathname + '?' + params.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',');
    if (url === window.location.pathname + window.location.search) return;
    if (push) window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }

  /* ------------------------------------------------------------------ drawing */

  function nodeLabel(node) {
    return shorten(node.acronym || node.name, 28);
  }

  function buildStyle() {
    var style = [
      {
        selector: 'node',
        style: {
          'background-color': '#94a3b8',
          'border-width': 1.5,
          'border-color': '#ffffff',
          width: 'mapData(degree, 1, 40, 20, 58)',
          height: 'mapData(degree, 1, 40, 20, 58)',
          label: 'data(short)',
          'font-family': 'Inter, "Segoe UI", system-ui, -apple-system, sans-serif',
          'font-size': 12,
          color: '#1e293b',
          'text-valign': 'bottom',
          'text-margin-y': 4,
          'text-wrap': 'ellipsis',
          'text-max-width': 150,
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.8,
          'text-background-padding': 2,
          'text-background-shape': 'round-rectangle',
          'min-zoomed-font-size': 7,
          'overlay-padding': 4,
          'transition-property': 'opacity',
          'transition-duration': 150,
        },
      },
    ];
    Object.keys(NODE_TYPES).forEach(function (type) {
      style.push({
        selector: 'node[type = "' + type + '"]',
        style: { 'background-color': NODE_TYPES[type].colour, shape: NODE_TYPES[type].shape },
      });
    });
    style.push(
      // Projects carry long names: a wider, lower box reads better than a square.
      { selector: 'node[type = "Project"]', style: { width: 'mapData(degree, 1, 40, 26, 70)', height: 'mapData(degree, 1, 40, 18, 44)' } },
      // More relationships than drawn: a dashed outline invites a click.
      { selector: 'node[more > 0]', style: { 'border-style': 'dashed', 'border-color': '#334155', 'border-width': 1.5 } },
      // Crowded drawings label a node only from about 110% zoom on (12 px text drawn at 13 px).
      { selector: 'node.crowded', style: { 'min-zoomed-font-size': 13 } },
      { selector: 'node.landmark', style: { 'min-zoomed-font-size': 0, 'font-weight': 600 } },
      { selector: 'node.focus', style: { 'border-width': 4, 'border-color': '#0f172a', 'border-style': 'solid', 'font-weight': 700, 'font-size': 13, 'min-zoomed-font-size': 0, 'z-index': 20 } },
      { selector: 'node.expanded', style: { 'min-zoomed-font-size': 0 } },
      { selector: 'node.hover, node:selected', style: { label: 'data(name)', 'text-wrap': 'wrap', 'text-max-width': 220, 'font-size': 12, 'min-zoomed-font-size': 0, 'z-index': 30, 'text-background-opacity': 0.95 } },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#f59e0b', 'border-style': 'solid' } },
      {
        selector: 'edge',
        style: {
          width: 1.6,
          'line-color': '#94a3b8',
          'target-arrow-color': '#94a3b8',
          'target-arrow-shape': 'triangle',
          'arrow-scale': 0.8,
          'curve-style': 'bezier',
          opacity: 0.8,
          'font-size': 10,
          'font-family': 'Inter, "Segoe UI", system-ui, sans-serif',
          color: '#334155',
          'text-rotation': 'autorotate',
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.9,
          'text-background-padding': 1,
          'overlay-padding': 5,
          'transition-property': 'opacity',
          'transition-duration': 150,
        },
      }
    );
    EDGE_TYPES.forEach(function (t) {
      style.push({
        selector: 'edge[type = "' + t.type + '"]',
        style: { 'line-color': t.colour, 'target-arrow-color': t.colour, 'line-style': t.line || 'solid' },
      });
    });
    style.push(
      { selector: 'edge.crowded', style: { opacity: 0.45, width: 1.2 } },
      { selector: 'edge.hover, edge:selected', style: { label: 'data(label)', width: 3.5, opacity: 1, 'z-index': 25, 'min-zoomed-font-size': 0 } },
      { selector: 'edge:selected', style: { width: 4.5, 'overlay-color': '#f59e0b', 'overlay-opacity': 0.18 } },
      { selector: '.faded', style: { opacity: 0.16, 'text-opacity': 0 } },
      { selector: 'node.path', style: { 'border-width': 4, 'border-color': '#e11d48', 'border-style': 'solid', 'min-zoomed-font-size': 0, 'z-index': 40 } },
      { selector: 'edge.path', style: { width: 5, 'line-color': '#e11d48', 'target-arrow-color': '#e11d48', opacity: 1, label: 'data(label)', 'z-index': 40 } },
      { selector: 'node.show-label', style: { 'min-zoomed-font-size': 0 } }
    );
    return style;
  }

  function initCytoscape() {
    cy = window.cytoscape({
      container: $('cy'),
      style: buildStyle(),
      minZoom: 0.08,
      maxZoom: 4,
      boxSelectionEnabled: false,
      // Large graphs pan and zoom smoothly on a texture and without edges.
      textureOnViewport: false,
      hideEdgesOnViewport: false,
    });
    explorer.cy = cy;

    cy.on('tap', 'node', function (event) {
      var node = event.target;
      showNode(node);
      if (!node.hasClass('expanded') && !node.hasClass('focus')) expand(node.id());
    });
    cy.on('tap', 'edge', function (event) { showEdge(event.target); });
    cy.on('tap', function (event) {
      if (event.target === cy) { clearHighlight(); hideDetails(); }
    });
    cy.on('mouseover', 'node', function (event) {
      event.target.addClass('hover');
      event.target.connectedEdges().addClass('hover');
      $('cy').style.cursor = 'pointer';
    });
    cy.on('mouseout', 'node', function (event) {
      event.target.removeClass('hover');
      event.target.connectedEdges().removeClass('hover');
      $('cy').style.cursor = '';
    });
    cy.on('mouseover', 'edge', function (event) { event.target.addClass('hover'); $('cy').style.cursor = 'pointer'; });
    cy.on('mouseout', 'edge', function (event) { event.target.removeClass('hover'); $('cy').style.cursor = ''; });
  }

  function toElements(graph) {
    var nodes = graph.nodes.map(function (n) {
      return {
        group: 'nodes',
        data: {
          id: n.id, name: n.name, short: nodeLabel(n), type: n.type, labels: n.labels, acronym: n.acronym,
          kind: n.kind, status: n.status, startDate: n.startDate, endDate: n.endDate, isoCode: n.isoCode,
          jurisdiction: n.jurisdiction, year: n.year, degree: n.degree, more: 0,
        },
      };
    });
    var edges = graph.edges.map(function (e) {
      return {
        group: 'edges',
        data: {
          id: e.id, source: e.source, target: e.target, type: e.type, label: edgeStyle(e.type).label,
          role: e.role, title: e.title, date: e.date, evidence: e.evidence,
        },
      };
    });
    return { nodes: nodes, edges: edges };
  }

  /** Merges graphs into one element list: each node and edge once. */
  function mergeGraphs(graphs) {
    var nodes = {};
    var edges = {};
    var order = [];
    graphs.forEach(function (graph) {
      if (!graph) return;
      var elements = toElements(graph);
      elements.nodes.forEach(function (n) { if (!nodes[n.data.id]) { nodes[n.data.id] = n; order.push(n.data.id); } });
      elements.edges.forEach(function (e) { edges[e.data.id] = e; });
    });
    return {
      nodes: order.map(function (id) { return nodes[id]; }),
      edges: Object.keys(edges).map(function (id) { return edges[id]; }).filter(function (e) { return nodes[e.data.source] && nodes[e.data.target]; }),
    };
  }

  /**
   * Brings Cytoscape to exactly `elements`, keeping the nodes it already has where they are,
   * placing new nodes beside a neighbour already drawn, then relaxing the layout.
   */
  function applyElements(elements, options) {
    var wanted = {};
    elements.nodes.forEach(function (n) { wanted[n.data.id] = true; });
    elements.edges.forEach(function (e) { wanted[e.data.id] = true; });
    var fresh = cy.collection();
    cy.batch(function () {
      cy.elements().forEach(function (ele) { if (!wanted[ele.id()]) ele.remove(); });
      var byId = {};
      elements.nodes.forEach(function (n) {
        var existing = cy.getElementById(n.data.id);
        if (existing.nonempty()) existing.data(n.data);
        else byId[n.data.id] = n;
      });
      var added = cy.add(Object.keys(byId).map(function (id) { return byId[id]; }));
      fresh = fresh.union(added);
      elements.edges.forEach(function (e) {
        var existing = cy.getElementById(e.data.id);
        if (existing.nonempty()) existing.data(e.data);
        else cy.add(e);
      });
      placeNear(added, options.anchor);
    });
    refreshDecorations();
    return fresh;
  }

  // New nodes start on a small circle around a neighbour already placed (or the anchor), so
  // the layout relaxes from a sensible start instead of flying nodes in from the origin.
  function placeNear(added, anchorId) {
    var anchor = anchorId ? cy.getElementById(anchorId) : cy.collection();
    added.forEach(function (node, i) {
      var placed = node.neighborhood('node').filter(function (n) { return !added.contains(n); });
      var centre = placed.nonempty() ? placed[0].position() : anchor.nonempty() ? anchor.position() : { x: 0, y: 0 };
      var angle = (2 * Math.PI * i) / Math.max(added.length, 1);
      var radius = 60 + Math.random() * 40;
      node.position({ x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) });
    });
  }

  /** Classes and counts that follow from what is drawn: focus, expanded, "more to expand", labels. */
  function refreshDecorations() {
    cy.batch(function () {
      cy.nodes().forEach(function (node) {
        var drawn = node.connectedEdges().length;
        node.data('more', Math.max(0, (node.data('degree') || 0) - drawn));
        node.toggleClass('focus', node.id() === state.focus);
        node.toggleClass('expanded', state.expanded.indexOf(node.id()) >= 0);
      });
      var crowded = cy.nodes().length > CROWDED;
      cy.elements().toggleClass('crowded', crowded && !state.showAllLabels);
      cy.nodes().toggleClass('show-label', state.showAllLabels);
      var hubs = crowded ? cy.nodes().sort(function (a, b) { return b.data('degree') - a.data('degree'); }).slice(0, LANDMARKS) : cy.collection();
      cy.nodes().removeClass('landmark');
      hubs.addClass('landmark');
    });
    renderToggles();
    renderDownloads();
    var counts = cy.nodes().length + ' entities · ' + cy.edges().length + ' relationships';
    setStatus(state.truncated ? counts + ' · limited to the nearest ' + FOCUS_LIMIT + ': expand nodes to see more' : counts, state.truncated ? 'warning' : '');
  }

  var currentLayout = null;

  function runLayout(options) {
    if (currentLayout) currentLayout.stop();
    var count = cy.nodes().length;
    // A force-directed layout (cose). Edges to a country are longer: most projects share one,
    // and short ones would pull the whole drawing into a knot around it.
    var layout = cy.layout({
      name: 'cose',
      animate: count <= 250 && !options.instant ? 'end' : false,
      animationDuration: 450,
      randomize: !!options.randomize,
      fit: options.fit !== false,
      padding: 36,
      // Label boxes counted as node size stretch cose's result into a tall strip; the text
      // backgrounds keep overlapping labels readable instead.
      nodeDimensionsIncludeLabels: false,
      idealEdgeLength: function (edge) { return edge.data('type') === 'IN_COUNTRY' ? 100 : 70; },
      nodeRepulsion: function () { return count > 300 ? 120000 : 250000; },
      edgeElasticity: function () { return 100; },
      nestingFactor: 5,
      gravity: 40,
      numIter: count > 400 ? 800 : 1500,
      componentSpacing: 60,
      nodeOverlap: 20,
      initialTemp: options.randomize ? 220 : 80,
      coolingFactor: 0.95,
      minTemp: 1,
    });
    currentLayout = layout;
    busy(1);
    var done = false;
    layout.one('layoutstop', function () {
      if (done) return;
      done = true;
      if (currentLayout === layout) currentLayout = null;
      busy(-1);
    });
    layout.run();
  }

  /* ------------------------------------------------------------------ loading */

  function showError(error) {
    explorer.error = error.message;
    setStatus(error.message, 'error');
  }

  /** Draws the view the state describes: the focus neighbourhood and every expansion. */
  function loadView(options) {
    options = options || {};
    if (!state.focus) return Promise.resolve();
    busy(1);
    $('empty').hidden = true;
    setStatus('Loading…');
    var first = cy.nodes().empty() || options.fresh;
    if (options.fresh) cy.elements().remove();
    return fetchView()
      .then(function (results) {
        if (!results[0].graph) {
          var missing = new Error('No entity has the id "' + state.focus + '".');
          missing.code = 'NOT_FOUND';
          throw missing;
        }
        $('did-you-mean').hidden = true;
        // Expansions that no longer answer are forgotten, so the URL stays honest.
        state.expanded = results.slice(1).filter(function (r) { return r.graph; }).map(function (r) { return r.request.id; });
        state.truncated = results[0].graph.truncated;
        var elements = mergeGraphs(results.map(function (r) { return r.graph; }));
        applyElements(elements, { anchor: state.focus });
        if (state.path) applyPathClasses(state.path);
        writeUrl(false);
        // The panel opens first, so that the layout fits the room the drawing really has.
        var focus = cy.getElementById(state.focus);
        if (first && focus.nonempty() && !options.keepDetails) showNode(focus, true);
        runLayout({ randomize: first, fit: true });
        explorer.loads += 1;
      })
      .catch(function (error) {
        showError(error);
        if (cy.nodes().empty()) $('empty').hidden = false;
        // A focus that is no entity's id may be a name: offer what it may mean.
        if (error.code === 'NOT_FOUND' || error.code === 'BAD_USER_INPUT') return offerDidYouMean(state.focus).catch(showError);
      })
      .then(function () { busy(-1); });
  }

  /** Makes `id` the focus: a new view around it. */
  function focusOn(id, push) {
    state.focus = id;
    state.expanded = [];
    state.path = null;
    clearPathUi();
    writeUrl(push !== false);
    return loadView({ fresh: true });
  }

  /** Merges the neighbourhood of `id` into the drawing, and remembers the expansion in the URL. */
  function expand(id) {
    if (state.expanded.indexOf(id) >= 0 || id === state.focus) return Promise.resolve();
    busy(1);
    setStatus('Expanding…');
    return fetchNeighbourhoods([{ alias: 'x', id: id, depth: 1, limit: EXPAND_LIMIT }])
      .then(function (result) {
        state.expanded.push(id);
        writeUrl(true);
        var graph = result.x;
        var elements = toElements(graph);
        var before = cy.nodes().length;
        cy.batch(function () {
          var added = cy.add(elements.nodes.filter(function (n) { return cy.getElementById(n.data.id).empty(); }));
          elements.edges.forEach(function (e) { if (cy.getElementById(e.data.id).empty()) cy.add(e); });
          placeNear(added, id);
        });
        refreshDecorations();
        if (cy.nodes().length > before) runLayout({ randomize: false, fit: false });
        var node = cy.getElementById(id);
        if (node.selected()) showNode(node);
      })
      .catch(showError)
      .then(function () { busy(-1); });
  }

  /* ------------------------------------------------------------------ details panel */

  // The panel takes its room from the drawing, so Cytoscape is told its container changed.
  function setDetailsOpen(open) {
    if ($('details').hidden === !open) return;
    $('details').hidden = !open;
    cy.resize();
  }

  function hideDetails() {
    setDetailsOpen(false);
    cy.elements().unselect();
  }

  function highlight(collection) {
    cy.batch(function () {
      cy.elements().addClass('faded');
      collection.removeClass('faded');
    });
  }

  function clearHighlight() {
    if (state.path) return;
    cy.elements().removeClass('faded');
  }

  function field(name, value) {
    if (value === null || value === undefined || value === '') return [];
    return [el('dt', { text: name }), el('dd', { text: String(value) })];
  }

  /** One end of a relationship in the side panel: its type's colour and its name, a link to it. */
  function endpoint(id) {
    var node = cy.getElementById(id);
    var name = node.nonempty() ? node.data('name') : id;
    var type = NODE_TYPES[node.nonempty() ? node.data('type') : ''] || { colour: '#94a3b8' };
    return el('button', {
      type: 'button', className: 'endpoint', title: 'Show ' + name,
      onclick: function () { var n = cy.getElementById(id); if (n.nonempty()) { cy.elements().unselect(); n.select(); showNode(n); cy.animate({ center: { eles: n } }, { duration: 250 }); } },
    }, [el('span', { className: 'swatch', style: 'background:' + type.colour }), el('span', { text: name })]);
  }

  function openDetails(children) {
    var body = $('details-body');
    body.replaceChildren.apply(body, children.filter(function (child) { return child; }));
    body.scrollTop = 0;
    setDetailsOpen(true);
  }

  /** The node's facts and ties in the side panel; `quiet` leaves the drawing as it is. */
  function showNode(node, quiet) {
    var d = node.data();
    var type = NODE_TYPES[d.type] || { label: d.type, colour: '#94a3b8' };
    if (!quiet) {
      highlight(node.closedNeighborhood());
      cy.elements().unselect();
      node.select();
    }
    var dates = d.startDate || d.endDate ? (d.startDate || '?') + ' – ' + (d.endDate || '?') : null;
    var drawn = node.connectedEdges().length;
    var actions = [
      d.id !== state.focus ? el('button', { type: 'button', className: 'primary', text: 'Centre here', onclick: function () { focusOn(d.id); } }) : null,
      d.id !== state.focus && state.expanded.indexOf(d.id) < 0 ? el('button', { type: 'button', text: 'Expand', onclick: function () { expand(d.id); } }) : null,
      el('button', { type: 'button', text: 'Path from here', onclick: function () { setPicker('from', d.id, d.name); } }),
      el('button', { type: 'button', text: 'Path to here', onclick: function () { setPicker('to', d.id, d.name); } }),
    ];
    openDetails([
      el('p', { className: 'kicker' }, [el('span', { className: 'swatch', style: 'background:' + type.colour }), type.label + (d.labels && d.labels.indexOf('Donor') >= 0 ? ' · donor' : '')]),
      el('h2', { text: d.name }),
      el('dl', { className: 'facts' }, [].concat(
        field('Acronym', d.acronym), field('Kind', d.kind && d.kind.replace(/_/g, ' ').toLowerCase()), field('Status', d.status && d.status.toLowerCase()),
        field('Dates', dates), field('ISO code', d.isoCode), field('Jurisdiction', d.jurisdiction), field('Year', d.year),
        field('Relationships', d.degree + (drawn < d.degree ? ' (' + drawn + ' drawn)' : '')), field('Id', d.id)
      )),
      el('div', { className: 'actions' }, actions),
      el('h3', { text: 'Drawn relationships' }),
      el('ul', { className: 'ties' }, node.connectedEdges().slice(0, TIES_SHOWN).map(function (edge) {
        var outgoing = edge.source().id() === d.id;
        var other = outgoing ? edge.target() : edge.source();
        return el('li', {}, [
          el('button', { type: 'button', className: 'inline-link tie', onclick: function () { cy.elements().unselect(); edge.select(); showEdge(edge); } }, [
            el('span', { className: 'tie-type', style: 'color:' + edgeStyle(edge.data('type')).colour, text: outgoing ? edge.data('label') : '← ' + edge.data('label') }),
            ' ' + other.data('name'),
          ]),
        ]);
      })),
      drawn > TIES_SHOWN ? el('p', { className: 'note', text: 'and ' + (drawn - TIES_SHOWN) + ' more drawn.' }) : null,
    ]);
  }

  function showEdge(edge) {
    var d = edge.data();
    var style = edgeStyle(d.type);
    highlight(edge.union(edge.connectedNodes()));
    var evidence = d.evidence || [];
    openDetails([
      el('p', { className: 'kicker' }, [el('span', { className: 'swatch line', style: 'background:' + style.colour }), 'Relationship · ' + d.type]),
      el('div', { className: 'edge-ends' }, [
        endpoint(d.source),
        el('div', { className: 'verb' }, [el('span', { className: 'verb-line', style: 'background:' + style.colour }), style.label]),
        endpoint(d.target),
      ]),
      el('dl', { className: 'facts' }, [].concat(field('Role', d.role), field('Title', d.title), field('Date', d.date))),
      el('h3', { text: evidence.length === 1 ? 'Evidence' : 'Evidence (' + evidence.length + ')' }),
      evidence.length === 0
        ? el('p', { className: 'note', text: 'No excerpt is recorded for this relationship.' })
        : el('ol', { className: 'evidence' }, evidence.map(function (source) {
            var meta = [
              source.title ? el('span', { className: 'doc-title', text: source.title }) : null,
              source.publisher ? el('span', { className: 'doc-publisher', text: source.publisher }) : null,
              el('code', { className: 'doc-file', text: source.document }),
              source.curated ? el('span', { className: 'doc-curated', text: 'curated reference' + (source.reference ? ': ' + source.reference : '') }) : null,
              source.url ? el('a', { href: source.url, target: '_blank', rel: 'noopener noreferrer', text: 'open' }) : null,
            ];
            return el('li', {}, [
              el('blockquote', { className: 'excerpt', text: source.excerpt }),
              el('div', { className: 'document' }, meta),
            ]);
          })),
    ]);
  }

  /* ------------------------------------------------------------------ search pickers */

  var ENTITY_FIELDS = 'id name ... on Organisation { acronym } ... on Project { acronym } ... on Country { isoCode }';

  /**
   * What a picker offers as the person types: the name matcher's candidates (`match`: typos,
   * state names, qualified names, each with its score) and full-text search hits (whose last
   * word matches as a prefix, for a half-typed name), in one request.
   */
  var SUGGEST_QUERY =
    'query ExplorerSuggest($q: String!) { ' +
    'match(name: $q, first: 6) { score match entity { __typename ' + ENTITY_FIELDS + ' } } ' +
    'search(query: $q, first: 8) { type entity { ' + ENTITY_FIELDS + ' } } }';
  var MATCH_QUERY = 'query ExplorerMatch($q: String!) { match(name: $q, first: 5) { score match entity { __typename ' + ENTITY_FIELDS + ' } } }';

  var TYPE_NAMES = { ORGANISATION: 'Organisation', PROJECT: 'Project', COUNTRY: 'Country', LEGAL_FRAMEWORK: 'LegalFramework', PERSON: 'Person' };
  /** Offered at most, and the longest text sent (the API refuses names over 300 characters). */
  var OFFERED = 10;
  var MAX_TYPED = 300;

  function offerOfCandidate(c) {
    return { id: c.entity.id, name: c.entity.name, type: c.entity.__typename, extra: c.entity.acronym || c.entity.isoCode || '', score: c.score, match: c.match };
  }

  /**
   * One list, best first: the candidates that match, then the search hits, then the candidates
   * that only resemble the text (suggestions); each entity once. `matched` says whether any
   * entity goes by the text, so the list can say "did you mean" when none does.
   */
  function offersOf(data) {
    var seen = {};
    var offers = [];
    function add(offer) { if (!seen[offer.id] && offers.length < OFFERED) { seen[offer.id] = true; offers.push(offer); } }
    var candidates = data.match || [];
    candidates.filter(function (c) { return c.match; }).forEach(function (c) { add(offerOfCandidate(c)); });
    (data.search || []).forEach(function (hit) {
      add({ id: hit.entity.id, name: hit.entity.name, type: TYPE_NAMES[hit.type] || hit.type, extra: hit.entity.acronym || hit.entity.isoCode || '', score: null, match: null });
    });
    candidates.filter(function (c) { return !c.match; }).forEach(function (c) { add(offerOfCandidate(c)); });
    return { offers: offers, matched: candidates.some(function (c) { return c.match; }) };
  }

  function scoreText(score) { return Math.round(score * 100) + '%'; }

  var pickerCount = 0;

  /**
   * A text box whose typing offers the entities it may name, debounced, in a listbox the
   * keyboard drives (arrows, Enter, Escape; the active option is the input's
   * aria-activedescendant); `onPick(id, name)` on choice. When no entity goes by the text, the
   * list says so and offers the closest ones: "did you mean ...".
   */
  function attachPicker(input, list, onPick) {
    var offers = [];
    var note = null;
    var active = -1;
    var sequence = 0;
    var scheduled = false;
    var prefix = 'picker' + (++pickerCount) + '-option-';
    if (!list.id) list.id = 'picker' + pickerCount + '-results';
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-expanded', 'false');

    function close() { list.hidden = true; active = -1; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); }

    function render() {
      var items = offers.map(function (offer, i) {
        var type = NODE_TYPES[offer.type] || { colour: '#94a3b8', label: offer.type };
        return el('li', {
          id: prefix + i, role: 'option', className: 'result' + (i === active ? ' active' : '') + (offer.match === false ? ' suggestion' : ''),
          'data-id': offer.id, 'aria-selected': i === active ? 'true' : 'false',
          onmousedown: function (event) { event.preventDefault(); choose(i); },
        }, [
          el('span', { className: 'swatch', style: 'background:' + type.colour }),
          el('span', { className: 'result-name', text: offer.name }),
          offer.extra ? el('span', { className: 'result-extra', text: offer.extra }) : null,
          el('span', { className: 'result-type', text: type.label }),
          offer.score !== null ? el('span', { className: 'result-score', title: offer.match ? 'matches the name' : 'only resembles the name', text: scoreText(offer.score) }) : null,
        ]);
      });
      if (note) items.unshift(el('li', { role: 'presentation', className: 'result-note', text: note }));
      list.replaceChildren.apply(list, items);
      list.hidden = items.length === 0;
      input.setAttribute('aria-expanded', items.length ? 'true' : 'false');
      if (active >= 0) input.setAttribute('aria-activedescendant', prefix + active);
      else input.removeAttribute('aria-activedescendant');
    }

    function choose(i) {
      var offer = offers[i];
      if (!offer) return;
      input.value = offer.name;
      close();
      onPick(offer.id, offer.name);
    }

    // One busy mark per debounced lookup, however many keys were typed before it ran.
    var lookup = debounce(function (text) {
      scheduled = false;
      var mine = ++sequence;
      var typed = text.trim().slice(0, MAX_TYPED);
      if (typed.length < 2) { offers = []; note = null; render(); busy(-1); return; }
      graphql(SUGGEST_QUERY, { q: typed })
        .then(function (data) {
          if (mine !== sequence) return;
          var found = offersOf(data);
          offers = found.offers;
          note = found.matched ? null : offers.length
            ? 'Nothing is named “' + typed + '”. Did you mean…'
            : 'Nothing in the graph is named “' + typed + '”, or anything like it.';
          active = offers.length ? 0 : -1;
          render();
        })
        .catch(showError)
        .then(function () { busy(-1); });
    }, 200);

    input.addEventListener('input', function () {
      input.dataset.id = '';
      if (!scheduled) { scheduled = true; busy(1); }
      lookup(input.value);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown' && offers.length) { active = (active + 1) % offers.length; render(); event.preventDefault(); }
      else if (event.key === 'ArrowUp' && offers.length) { active = (active - 1 + offers.length) % offers.length; render(); event.preventDefault(); }
      else if (event.key === 'Enter') { if (active >= 0) choose(active); event.preventDefault(); }
      else if (event.key === 'Escape') close();
    });
    input.addEventListener('blur', function () { setTimeout(close, 120); });
    input.addEventListener('focus', function () { if (offers.length || note) render(); });
  }

  /**
   * When the focus in the URL names no entity (an old link, a name typed for an id), the
   * empty view says so and offers the entities the text may mean, instead of staying blank.
   */
  function offerDidYouMean(text) {
    var box = $('did-you-mean');
    return graphql(MATCH_QUERY, { q: text.slice(0, MAX_TYPED) }).then(function (data) {
      var offers = (data.match || []).map(offerOfCandidate);
      var buttons = offers.map(function (offer) {
        var type = NODE_TYPES[offer.type] || { label: offer.type };
        return el('button', { type: 'button', className: 'suggestion', 'data-id': offer.id, onclick: function () { focusOn(offer.id); } }, [
          offer.name, el('span', { className: 'result-type', text: ' · ' + type.label + ' · ' + scoreText(offer.score) }),
        ]);
      });
      box.replaceChildren.apply(box, [
        el('p', { className: 'did-you-mean-title', text: offers.length ? 'Nothing has the id “' + text + '”. Did you mean' : 'Nothing has the id or the name “' + text + '”.' }),
      ].concat(buttons));
      box.hidden = false;
      $('empty').hidden = false;
    });
  }

  /* ------------------------------------------------------------------ path finder */

  var pickers = { from: null, to: null };

  function setPicker(which, id, name) {
    pickers[which] = id;
    var input = $(which === 'from' ? 'path-from' : 'path-to');
    input.value = name;
    input.dataset.id = id;
  }

  function clearPathUi() {
    $('path-result').textContent = '';
    $('path-clear').hidden = true;
    if (cy) cy.elements().removeClass('path faded');
  }

  function applyPathClasses(path) {
    cy.batch(function () {
      cy.elements().removeClass('path').addClass('faded');
      path.nodes.concat(path.edges).forEach(function (id) { cy.getElementById(id).addClass('path').removeClass('faded'); });
    });
  }

  function findPath() {
    var from = $('path-from').dataset.id || pickers.from || state.focus;
    var to = $('path-to').dataset.id || pickers.to;
    if (!from || !to) { $('path-result').textContent = 'Choose where the path starts and ends.'; return Promise.resolve(); }
    var all = $('path-all').checked;
    var operation = all ? 'allShortestPaths' : 'shortestPath';
    var query = 'query ExplorerPath($from: ID!, $to: ID!, $types: [RelationshipType!]) { path: ' + operation + '(from: $from, to: $to, types: $types) { ' + GRAPH_FIELDS + ' } }';
    busy(1);
    $('path-result').textContent = 'Looking…';
    return graphql(query, { from: from, to: to, types: typesArgument() })
      .then(function (data) {
        var path = data.path;
        if (!path) {
          state.path = null;
          clearPathUi();
          $('path-result').textContent = 'No path joins the two over the relationships switched on.';
          return;
        }
        if (!state.focus) { state.focus = from; writeUrl(true); $('empty').hidden = true; }
        var elements = toElements(path);
        var before = cy.nodes().length;
        cy.batch(function () {
          var added = cy.add(elements.nodes.filter(function (n) { return cy.getElementById(n.data.id).empty(); }));
          elements.edges.forEach(function (e) { if (cy.getElementById(e.data.id).empty()) cy.add(e); });
          placeNear(added, from);
        });
        refreshDecorations();
        state.path = { nodes: path.nodes.map(function (n) { return n.id; }), edges: path.edges.map(function (e) { return e.id; }) };
        applyPathClasses(state.path);
        var steps = all ? path.edges.length + ' relationships on ' + 'the shortest paths' : path.edges.length + (path.edges.length === 1 ? ' step: ' : ' steps: ') + path.nodes.map(function (n) { return n.acronym || n.name; }).join(' → ');
        $('path-result').textContent = steps + (path.truncated ? ' (first 100 paths)' : '');
        $('path-clear').hidden = false;
        if (cy.nodes().length > before) runLayout({ randomize: false, fit: true });
        else cy.animate({ fit: { eles: cy.elements('.path'), padding: 80 } }, { duration: 300 });
      })
      .catch(function (error) { $('path-result').textContent = error.message; })
      .then(function () { busy(-1); });
  }

  /* ------------------------------------------------------------------ sidebar */

  function renderToggles() {
    var counts = {};
    if (cy) cy.edges().forEach(function (e) { counts[e.data('type')] = (counts[e.data('type')] || 0) + 1; });
    var box = $('type-toggles');
    box.replaceChildren.apply(box, EDGE_TYPES.map(function (t) {
      var on = state.types.indexOf(t.type) >= 0;
      return el('label', { className: 'toggle' + (on ? '' : ' off'), title: t.type }, [
        el('input', { type: 'checkbox', 'data-type': t.type, checked: on, onchange: onToggle }),
        el('span', { className: 'swatch line ' + (t.line || ''), style: 'background:' + t.colour }),
        el('span', { className: 'toggle-name', text: t.label }),
        el('span', { className: 'count', text: counts[t.type] ? String(counts[t.type]) : '' }),
      ]);
    }));
  }

  function onToggle(event) {
    var type = event.target.getAttribute('data-type');
    var on = event.target.checked;
    var types = on ? state.types.concat([type]) : state.types.filter(function (t) { return t !== type; });
    if (types.length === 0) {
      event.target.checked = true;
      setStatus('Keep at least one relationship type switched on.', 'warning');
      return;
    }
    state.types = ALL_TYPES.filter(function (t) { return types.indexOf(t) >= 0; });
    writeUrl(true);
    renderToggles();
    loadView({ keepDetails: true });
  }

  function renderLegend() {
    var items = Object.keys(NODE_TYPES).map(function (type) {
      var t = NODE_TYPES[type];
      return el('li', {}, [el('span', { className: 'shape shape-' + t.shape, style: 'background:' + t.colour }), t.label]);
    });
    items.push(
      el('li', {}, [el('span', { className: 'shape shape-ellipse ring-focus' }), 'the entity at the centre']),
      el('li', {}, [el('span', { className: 'shape shape-ellipse ring-more' }), 'has relationships not drawn: click to expand']),
      el('li', { className: 'note' }, ['Size: how many relationships an entity has. Edge colour: the relationship type, as above. Hover a node for its full name; zoom in for every label.'])
    );
    var legend = $('legend');
    legend.replaceChildren.apply(legend, items);
  }

  function renderDownloads() {
    var box = $('downloads');
    if (!state.focus) return;
    var params = new URLSearchParams({ focus: state.focus, depth: String(state.depth) });
    if (state.types.length !== ALL_TYPES.length) params.set('types', state.types.join(','));
    var formats = [['graph.json', 'Cytoscape JSON'], ['graph.graphml', 'GraphML'], ['graph.gexf', 'GEXF'], ['nodes.csv', 'nodes CSV'], ['edges.csv', 'edges CSV']];
    box.replaceChildren.apply(box, formats.map(function (f) {
      return el('a', { href: '/export/' + f[0] + '?' + params.toString(), download: '', text: f[1] });
    }));
  }

  /* ------------------------------------------------------------------ start */

  function start() {
    if (!window.cytoscape) {
      setStatus('Cytoscape.js did not load.', 'error');
      return;
    }
    readUrl();
    initCytoscape();
    renderLegend();
    renderToggles();
    $('depth').value = String(state.depth);

    attachPicker($('search-input'), $('search-results'), function (id) { focusOn(id); });
    attachPicker($('path-from'), document.querySelector('#path-from-picker .results'), function (id, name) { setPicker('from', id, name); });
    attachPicker($('path-to'), document.querySelector('#path-to-picker .results'), function (id, name) { setPicker('to', id, name); });

    $('depth').addEventListener('change', function () {
      state.depth = Number($('depth').value);
      writeUrl(true);
      loadView({ keepDetails: true });
    });
    $('types-all').addEventListener('click', function () {
      if (state.types.length === ALL_TYPES.length) return;
      state.types = ALL_TYPES.slice();
      writeUrl(true);
      renderToggles();
      loadView({ keepDetails: true });
    });
    $('path-find').addEventListener('click', findPath);
    $('path-clear').addEventListener('click', function () { state.path = null; clearPathUi(); });
    $('fit').addEventListener('click', function () { cy.animate({ fit: { eles: cy.elements(), padding: 40 } }, { duration: 300 }); });
    $('relayout').addEventListener('click', function () { runLayout({ randomize: true, fit: true }); });
    $('labels').addEventListener('click', function () {
      state.showAllLabels = !state.showAllLabels;
      $('labels').setAttribute('aria-pressed', String(state.showAllLabels));
      refreshDecorations();
    });
    $('details-close').addEventListener('click', function () { clearHighlight(); hideDetails(); });
    Array.prototype.forEach.call(document.querySelectorAll('[data-focus]'), function (button) {
      button.addEventListener('click', function () { focusOn(button.getAttribute('data-focus')); });
    });
    window.addEventListener('popstate', function () {
      readUrl();
      $('depth').value = String(state.depth);
      renderToggles();
      if (state.focus) loadView({ fresh: false, keepDetails: true });
    });

    if (state.focus) loadView({ fresh: true });
    else { $('empty').hidden = false; setStatus(''); }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

/* lrdoc's rate explorers.
 *
 * Every number and point drawn here comes from a data file that lrdoc computes when
 * the site is built (lrdoc.experiments.explorer). This script only looks values up
 * by slider position and draws them: it runs no gradient descent of its own.
 * Without JavaScript the static figure inside the container stays in place.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function html(name, attrs, parent, text) {
    var node = document.createElement(name);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  function base() {
    var config = document.getElementById("__config");
    var root = config ? JSON.parse(config.textContent).base : ".";
    return new URL(root.replace(/\/?$/, "/"), document.baseURI);
  }

  /* A number as Python formatted it for the data file (``key`` array), so that the
     explorer and the page round alike; fmt() only for numbers without one. */
  function text(data, key, i, j) {
    var row = data[key];
    if (!row) return null;
    return j === undefined ? row[i] : row[j][i];
  }

  function fmt(value, digits) {
    if (value === null || value === undefined) return "—";
    return Number(value).toPrecision(digits).replace(/\.?0+(e|$)/, "$1");
  }

  /* A linear or log axis mapping data to pixels. */
  function scale(lo, hi, from, to, log) {
    var f = log ? Math.log10 : function (v) { return v; };
    var a = f(lo), b = f(hi);
    return function (v) { return from + ((f(v) - a) / (b - a)) * (to - from); };
  }

  function slider(box, data, label, format, onChange, marks, options) {
    options = options || {};
    var values = options.values || data.rates;
    var symbol = options.symbol || "η";
    var spoken = options.spoken || "learning rate";
    var controls = html("div", { class: "lrdoc-ex-controls" }, box);
    var id = options.id || "lrdoc-ex-" + Math.random().toString(36).slice(2, 8);
    html("label", { for: id }, controls, label);
    var value = html("output", { for: id, class: "lrdoc-ex-value" }, controls);
    var track = html("div", { class: "lrdoc-ex-track" }, box);
    var input = html("input", {
      type: "range", id: id, min: 0, max: values.length - 1, step: 1,
      "aria-describedby": options.describedby || id + "-readout",
    }, track);
    (marks || []).forEach(function (m) {
      var frac = nearest(values, m.rate) / (values.length - 1);
      html("span", {
        class: "lrdoc-ex-tick " + m.kind, "aria-hidden": "true",
        style: "left: calc(8px + " + frac.toFixed(4) + " * (100% - 16px))",
      }, track);
    });
    if (marks && marks.length) {
      var legend = html("p", { class: "lrdoc-ex-legend" }, box);
      marks.forEach(function (m) {
        html("span", { class: "lrdoc-ex-key " + m.kind }, legend, m.text);
      });
    }
    function update() {
      var i = Number(input.value);
      value.textContent = symbol + " = " + format(i);
      input.setAttribute("aria-valuetext", spoken + " " + format(i));
      onChange(i);
    }
    input.addEventListener("input", update);
    return { input: input, update: update, id: id };
  }

  function nearest(values, wanted) {
    var best = 0;
    for (var i = 1; i < values.length; i++) {
      if (Math.abs(values[i] - wanted) < Math.abs(values[best] - wanted)) best = i;
    }
    return best;
  }

  function readout(box, id, rows) {
    var list = html("dl", { class: "lrdoc-ex-readout", id: id + "-readout", "aria-live": "polite" }, box);
    var cells = {};
    rows.forEach(function (row) {
      html("dt", {}, list, row[1]);
      cells[row[0]] = html("dd", { "data-field": row[0] }, list);
    });
    return cells;
  }

  function axes(svg, x, y, xTicks, yTicks, xLabel, yLabel, size) {
    var g = el("g", { class: "lrdoc-ex-axes" }, svg);
    xTicks.forEach(function (t) {
      el("line", { x1: x(t[0]), x2: x(t[0]), y1: size.top, y2: size.bottom, class: "grid" }, g);
      el("text", { x: x(t[0]), y: size.bottom + 16, "text-anchor": "middle" }, g).textContent = t[1];
    });
    yTicks.forEach(function (t) {
      el("line", { x1: size.left, x2: size.right, y1: y(t[0]), y2: y(t[0]), class: "grid" }, g);
      el("text", { x: size.left - 6, y: y(t[0]) + 4, "text-anchor": "end" }, g).textContent = t[1];
    });
    el("text", { x: (size.left + size.right) / 2, y: size.bottom + 34, "text-anchor": "middle" }, g).textContent = xLabel;
    var yl = el("text", { x: 0, y: 0, "text-anchor": "middle", transform: "translate(14," + (size.top + size.bottom) / 2 + ") rotate(-90)" }, g);
    yl.textContent = yLabel;
    el("rect", { x: size.left, y: size.top, width: size.right - size.left, height: size.bottom - size.top, class: "frame" }, g);
  }

  /* Slider and readout in one block that stays in view (sticky) while the panels
     scroll past it on a phone. */
  function dashboard(box) {
    return html("div", { class: "lrdoc-ex-dash" }, box);
  }

  function lossTicks(lo, hi) {
    var ticks = [];
    for (var e = Math.ceil(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e++) {
      ticks.push(e);
    }
    var step = Math.max(1, Math.ceil(ticks.length / 5));
    return ticks.filter(function (e) { return e % step === 0; }).map(function (e) {
      return [Math.pow(10, e), power(e)];
    });
  }

  var SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
  function power(e) {
    if (e === 0) return "1";
    if (e === 1) return "10";
    return "10" + String(e).split("").map(function (c) { return SUPERSCRIPT[c]; }).join("");
  }

  /* A contour panel in the (w, b) plane: contours, minimum, path; returns draw(points). */
  function plane(data, label) {
    var size = { left: 46, right: 330, top: 10, bottom: 190 };
    var view = data.view;
    var x = scale(view[0][0], view[0][1], size.left, size.right, false);
    var y = scale(view[1][0], view[1][1], size.bottom, size.top, false);
    var svg = el("svg", { viewBox: "0 0 340 236", class: "lrdoc-ex-plane", role: "img", "aria-label": label }, null);
    var clip = "lrdoc-clip-" + Math.random().toString(36).slice(2, 8);
    el("rect", { x: size.left, y: size.top, width: size.right - size.left, height: size.bottom - size.top }, el("clipPath", { id: clip }, el("defs", {}, svg)));
    var xt = [], yt = [];
    for (var v = Math.ceil(view[0][0] / 2) * 2; v <= view[0][1]; v += 2) xt.push([v, String(v).replace("-", "−")]);
    for (var u = Math.ceil(view[1][0] / 2) * 2; u <= view[1][1]; u += 2) yt.push([u, String(u).replace("-", "−")]);
    axes(svg, x, y, xt, yt, "weight w", "bias b", size);
    var body = el("g", { "clip-path": "url(#" + clip + ")" }, svg);
    data.contours.forEach(function (c) {
      var pts = [];
      for (var k = 0; k < c.points.length; k += 2) pts.push(x(c.points[k]) + "," + y(c.points[k + 1]));
      el("polyline", { points: pts.join(" "), class: "contour" }, body);
    });
    el("circle", { cx: x(data.minimum[0]), cy: y(data.minimum[1]), r: 4, class: "minimum" }, body);
    var path = el("polyline", { class: "path" }, body);
    var dots = el("g", { class: "iterates" }, body);
    return {
      svg: svg,
      draw: function (pts) {
        var xy = [];
        while (dots.firstChild) dots.removeChild(dots.firstChild);
        for (var k = 0; k < pts.length; k += 2) {
          xy.push(x(pts[k]) + "," + y(pts[k + 1]));
          el("circle", { cx: x(pts[k]), cy: y(pts[k + 1]), r: k === 0 ? 3.5 : 2.2, class: "iterate" }, dots);
        }
        path.setAttribute("points", xy.join(" "));
      },
    };
  }

  /* Loss against epochs, log–log, with the tolerance dashed; returns draw(losses). */
  function lossPanel(data, low, high) {
    var lsize = { left: 52, right: 330, top: 10, bottom: 190 };
    var ex = scale(1, data.horizon, lsize.left, lsize.right, true);
    var ey = scale(low, high, lsize.bottom, lsize.top, true);
    var svg = el("svg", { viewBox: "0 0 340 236", class: "lrdoc-ex-loss", role: "img", "aria-label": "Loss against epochs, both on log axes" }, null);
    var xt = [];
    for (var e = 0; Math.pow(10, e) <= data.horizon; e++) xt.push([Math.pow(10, e), power(e)]);
    axes(svg, ex, ey, xt, lossTicks(low, high), "epoch", "loss", lsize);
    el("line", { x1: lsize.left, x2: lsize.right, y1: ey(data.tolerance), y2: ey(data.tolerance), class: "tolerance" }, svg);
    var lclip = "lrdoc-clip-" + Math.random().toString(36).slice(2, 8);
    el("rect", { x: lsize.left, y: lsize.top, width: lsize.right - lsize.left, height: lsize.bottom - lsize.top }, el("clipPath", { id: lclip }, el("defs", {}, svg)));
    var curve = el("polyline", { class: "curve", "clip-path": "url(#" + lclip + ")" }, svg);
    return {
      svg: svg,
      draw: function (values) {
        var lxy = [];
        data.lossEpochs.forEach(function (epoch, k) {
          var v = values[k];
          if (epoch >= 1 && v !== null && v > 0) lxy.push(ex(epoch) + "," + ey(Math.max(v, low / 10)));
        });
        curve.setAttribute("points", lxy.join(" "));
      },
    };
  }

  function epochsText(epochs, verdict, horizon) {
    if (epochs !== null) return String(epochs);
    return verdict === "diverges" ? "never" : "more than " + horizon;
  }

  function buttons(box, entries, go) {
    var jump = html("div", { class: "lrdoc-ex-jump" }, box);
    entries.forEach(function (m) {
      var button = html("button", { type: "button" }, jump, m[0]);
      button.addEventListener("click", function () { go(m[1]); });
    });
  }

  /* The MCVP line: iterates on the contour plot, loss against epochs, readout. */
  function line(box, data) {
    var dash = dashboard(box);
    var contour = plane(data, "Iterates of gradient descent in the (w, b) plane over the loss's contours");
    var losses = lossPanel(data, 1e-8, 1e4);
    var cells;
    var control = slider(dash, data, "Learning rate", function (i) {
      return text(data, "rateText", i) || fmt(data.rates[i], 4);
    }, function (i) {
      contour.draw(data.paths[i].map(function (v) { return v / data.pathScale; }));
      losses.draw(data.logLosses[i].map(function (v) { return v === null ? null : Math.pow(10, v); }));
      cells.flat.textContent = text(data, "flatText", i) || fmt(data.flat[i], 3);
      cells.steep.textContent = text(data, "steepText", i) || fmt(data.steep[i], 3);
      cells.epochs.textContent = epochsText(data.epochs[i], data.verdicts[i], data.horizon);
      cells.verdict.textContent = data.verdicts[i];
      box.setAttribute("data-verdict", data.verdicts[i]);
    }, [
      { kind: "fastest", rate: data.fastest, text: "balanced rate η* = 2/(λmin + λmax) = " + fmt(data.fastest, 4) + ", fastest in the long run" },
      { kind: "bound", rate: data.bound, text: "bound 2/λmax = " + fmt(data.bound, 4) },
    ]);
    cells = readout(dash, control.id, [
      ["flat", "Factor per epoch, flat (1 − ηλmin)"],
      ["steep", "Factor per epoch, steep (1 − ηλmax)"],
      ["epochs", "Epochs until the loss is below " + power(Math.round(Math.log10(data.tolerance)))],
      ["verdict", "Verdict"],
    ]);
    var below = 0;  // the largest slider rate still below the bound
    data.rates.forEach(function (r, i) { if (r < data.bound) below = i; });
    var marks = [["Go to η*, the balanced rate", nearest(data.rates, data.fastest)]];
    if (data.fewest !== undefined) marks.push(["Go to the fewest epochs", nearest(data.rates, data.fewest)]);
    marks.push(["Go just below 2/λmax", below]);
    buttons(dash, marks, function (i) { control.input.value = String(i); control.update(); });
    var panels = html("div", { class: "lrdoc-ex-panels" }, box);
    panels.appendChild(contour.svg);
    panels.appendChild(losses.svg);
    control.input.value = String(nearest(data.rates, 0.01));
    control.update();
  }

  /* Round up to 1, 2 or 5 times a power of ten, for an axis's end. */
  function niceCeil(v) {
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var m = v / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }

  function linearTicks(lo, hi, count) {
    var step = niceCeil((hi - lo) / count);
    var ticks = [];
    for (var v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
      var rounded = Math.round(v / step) * step;
      ticks.push([rounded, String(Number(rounded.toPrecision(6))).replace("-", "−")]);
    }
    return ticks;
  }

  /* The deeplizard parabola: ten steps on L(w) = 1.25 (w − 3)². The axes fit the
     run shown: the loss axis ends just above its largest loss, the weight axis
     spans its steps around the minimum. */
  function parabola(box, data) {
    var size = { left: 46, right: 330, top: 10, bottom: 190 };
    var svg = el("svg", { viewBox: "0 0 340 236", class: "lrdoc-ex-parabola", role: "img", "aria-label": "Steps of gradient descent on the parabola; the axes fit the steps shown" }, null);
    var clip = "lrdoc-clip-" + Math.random().toString(36).slice(2, 8);
    el("rect", { x: size.left, y: size.top, width: size.right - size.left, height: size.bottom - size.top }, el("clipPath", { id: clip }, el("defs", {}, svg)));
    var frame = el("g", {}, svg);
    var body = el("g", { "clip-path": "url(#" + clip + ")" }, svg);
    var dash = dashboard(box);
    var cells;
    var control = slider(dash, data, "Learning rate", function (i) {
      return text(data, "rateText", i) || fmt(data.rates[i], 2);
    }, function (i) {
      var ws = data.weights[i], ls = data.losses[i];
      var reach = 1;
      ws.forEach(function (w) { reach = Math.max(reach, Math.abs(w - 3)); });
      var top = niceCeil(Math.max.apply(null, ls) * 1.08);
      var x = scale(3 - reach * 1.1, 3 + reach * 1.1, size.left, size.right, false);
      var y = scale(0, top, size.bottom, size.top, false);
      while (frame.firstChild) frame.removeChild(frame.firstChild);
      while (body.firstChild) body.removeChild(body.firstChild);
      axes(frame, x, y, linearTicks(3 - reach * 1.1, 3 + reach * 1.1, 5), linearTicks(0, top, 4), "weight w", "loss", size);
      var bowl = [];
      for (var k = 0; k < data.bowl.length; k += 2) bowl.push(x(data.bowl[k]) + "," + y(data.bowl[k + 1]));
      el("polyline", { points: bowl.join(" "), class: "contour" }, body);
      var xy = [];
      var dots = el("g", { class: "iterates" }, body);
      ws.forEach(function (w, k) {
        xy.push(x(w) + "," + y(ls[k]));
        el("circle", { cx: x(w), cy: y(ls[k]), r: k === 0 ? 3.5 : 2.4, class: "iterate" }, dots);
      });
      el("polyline", { points: xy.join(" "), class: "path" }, body);
      body.appendChild(dots);
      cells.factor.textContent = text(data, "factorText", i) || fmt(data.factors[i], 4);
      cells.loss.textContent = text(data, "lossText", i) || fmt(data.losses[i][data.steps], 3);
      cells.verdict.textContent = data.verdicts[i];
      box.setAttribute("data-verdict", data.verdicts[i]);
    }, [
      { kind: "fastest", rate: data.oneStep, text: "one step to the minimum, 1/λ = " + fmt(data.oneStep, 2) },
      { kind: "bound", rate: data.bound, text: "bound 2/λ = " + fmt(data.bound, 2) },
    ]);
    cells = readout(dash, control.id, [
      ["factor", "Factor per step (1 − 2.5η)"],
      ["loss", "Loss after " + data.steps + " steps"],
      ["verdict", "Verdict"],
    ]);
    var panels = html("div", { class: "lrdoc-ex-panels" }, box);
    panels.appendChild(svg);
    control.input.value = String(nearest(data.rates, 0.3));
    control.update();
  }

  /* Heavy-ball momentum on the MCVP line: two sliders, η and β. */
  function momentum(box, data) {
    var dash = dashboard(box);
    var contour = plane(data, "Iterates of momentum in the (w, b) plane over the loss's contours");
    var losses = lossPanel(data, 1e-14, 1e4);
    var state = { i: 0, j: 0 };
    var cells;
    var readoutId = "lrdoc-ex-" + Math.random().toString(36).slice(2, 8) + "-readout";
    function draw() {
      var i = state.i, j = state.j;
      contour.draw(data.paths[j][i].map(function (v) { return v / data.pathScale; }));
      losses.draw(data.logLosses[j][i].map(function (v) { return v === null ? null : Math.pow(10, v); }));
      if (!cells) return;
      cells.factor.textContent = data.factorText[j][i];
      cells.epochs.textContent = epochsText(data.epochs[j][i], data.verdicts[j][i], data.horizon);
      cells.verdict.textContent = data.verdicts[j][i];
      box.setAttribute("data-verdict", data.verdicts[j][i]);
    }
    var rate = slider(dash, data, "Step size", function (i) { return data.rateText[i]; },
      function (i) { state.i = i; draw(); }, [
        { kind: "fastest", rate: data.optimalRate, text: "η* = " + fmt(data.optimalRate, 4) },
        { kind: "gd", rate: data.gdRate, text: "GD's best rate = " + fmt(data.gdRate, 4) },
      ], { describedby: readoutId });
    var beta = slider(dash, data, "Momentum", function (j) { return data.betaText[j]; },
      function (j) { state.j = j; draw(); }, [
        { kind: "fastest", rate: data.optimalBeta, text: "β* = " + fmt(data.optimalBeta, 4) },
      ], { values: data.betas, symbol: "β", spoken: "momentum", describedby: readoutId });
    cells = readout(dash, readoutId.replace(/-readout$/, ""), [
      ["factor", "Contraction factor per epoch"],
      ["epochs", "Epochs until the loss stays below " + power(Math.round(Math.log10(data.tolerance)))],
      ["verdict", "Verdict"],
    ]);
    function go(pair) {
      rate.input.value = String(pair[0]);
      beta.input.value = String(pair[1]);
      state.i = pair[0]; state.j = pair[1];
      rate.update(); beta.update();
    }
    buttons(dash, [
      ["Go to (η*, β*)", [nearest(data.rates, data.optimalRate), nearest(data.betas, data.optimalBeta)]],
      ["Go to GD's best rate, β = 0", [nearest(data.rates, data.gdRate), 0]],
    ], go);
    var panels = html("div", { class: "lrdoc-ex-panels" }, box);
    panels.appendChild(contour.svg);
    panels.appendChild(losses.svg);
    go([nearest(data.rates, data.gdRate), 0]);
  }

  /* The data file is checked before the static figure is replaced: a file that is
     missing a field, or whose arrays do not match the slider, leaves the figure. */
  function same(list, n) { return Array.isArray(list) && list.length === n; }
  function numbers(list) {
    return Array.isArray(list) && list.every(function (v) { return typeof v === "number" && isFinite(v); });
  }
  var VALID = {
    line: function (d) {
      var n = d.rates && d.rates.length;
      return n > 1 && numbers(d.rates) && [d.flat, d.steep, d.epochs, d.verdicts, d.paths, d.logLosses]
        .every(function (a) { return same(a, n); }) && numbers([d.fastest, d.bound, d.tolerance, d.horizon, d.pathScale])
        && Array.isArray(d.contours) && same(d.minimum, 2) && same(d.view, 2) && same(d.lossEpochs, d.logLosses[0].length);
    },
    parabola: function (d) {
      var n = d.rates && d.rates.length;
      return n > 1 && numbers(d.rates) && [d.factors, d.weights, d.losses, d.verdicts]
        .every(function (a) { return same(a, n); }) && numbers([d.oneStep, d.bound, d.steps])
        && d.weights.every(function (w) { return numbers(w) && w.length === d.steps + 1; })
        && d.losses.every(function (w) { return numbers(w) && w.length === d.steps + 1; }) && numbers(d.bowl);
    },
    momentum: function (d) {
      var n = d.rates && d.rates.length, m = d.betas && d.betas.length;
      var grid = function (a) { return same(a, m) && a.every(function (row) { return same(row, n); }); };
      return n > 1 && m > 1 && numbers(d.rates) && numbers(d.betas) && same(d.rateText, n) && same(d.betaText, m)
        && [d.factorText, d.epochs, d.verdicts, d.paths, d.logLosses].every(grid)
        && numbers([d.gdRate, d.optimalRate, d.optimalBeta, d.tolerance, d.horizon, d.pathScale])
        && Array.isArray(d.contours) && same(d.minimum, 2) && same(d.view, 2);
    },
  };

  var KINDS = { line: line, parabola: parabola, momentum: momentum };

  function start() {
    document.querySelectorAll(".lrdoc-explorer[data-explorer]").forEach(function (box) {
      if (box.getAttribute("data-ready") || box.getAttribute("data-loading")) return;
      var name = box.getAttribute("data-explorer");
      var kind = KINDS[name];
      if (!kind) return;
      box.setAttribute("data-loading", "true");
      var url = new URL(box.getAttribute("data-src"), base());
      fetch(url).then(function (r) {
        if (!r.ok) throw new Error("explorer data: " + r.status + " " + url);
        return r.json();
      }).then(function (data) {
        if (!VALID[name](data)) throw new Error("explorer data: not a valid " + name + " file: " + url);
        var fallback = [].slice.call(box.childNodes);
        // A reader who is past the explorer (a link to a later section) must not
        // see the page jump when it grows: the content after it is scrolled back
        // to where it was (the browser's own scroll anchoring is off meanwhile,
        // so that the two corrections do not add up).
        var root = document.scrollingElement || document.documentElement;
        var next = box.nextElementSibling;
        var above = box.getBoundingClientRect().top < 0 && next;
        var was = above ? next.getBoundingClientRect().top : 0;
        if (above) root.style.overflowAnchor = "none";
        box.innerHTML = "";
        try {
          kind(box, data);
          box.setAttribute("data-ready", "true");
          if (above) {
            window.scrollBy(0, next.getBoundingClientRect().top - was);
            requestAnimationFrame(function () { root.style.overflowAnchor = ""; });
          }
        } catch (error) {
          box.innerHTML = "";
          fallback.forEach(function (node) { box.appendChild(node); });
          throw error;
        }
      }).catch(function (error) {
        box.setAttribute("data-explorer-error", String(error.message || error));
        console.warn(error);
      }).then(function () { box.removeAttribute("data-loading"); });
    });
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  else document.addEventListener("DOMContentLoaded", start);
})();

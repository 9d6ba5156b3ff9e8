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

  function slider(box, data, label, format, onChange, marks) {
    var controls = html("div", { class: "lrdoc-ex-controls" }, box);
    var id = "lrdoc-ex-" + Math.random().toString(36).slice(2, 8);
    html("label", { for: id }, controls, label);
    var value = html("output", { for: id, class: "lrdoc-ex-value" }, controls);
    var track = html("div", { class: "lrdoc-ex-track" }, box);
    var input = html("input", {
      type: "range", id: id, min: 0, max: data.rates.length - 1, step: 1,
      "aria-describedby": id + "-readout",
    }, track);
    (marks || []).forEach(function (m) {
      var frac = nearest(data.rates, m.rate) / (data.rates.length - 1);
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
      value.textContent = "η = " + format(data.rates[i]);
      input.setAttribute("aria-valuetext", "learning rate " + format(data.rates[i]));
      onChange(i);
    }
    input.addEventListener("input", update);
    return { input: input, update: update, id: id };
  }

  function nearest(rates, rate) {
    var best = 0;
    for (var i = 1; i < rates.length; i++) {
      if (Math.abs(Math.log(rates[i] / rate)) < Math.abs(Math.log(rates[best] / rate))) best = i;
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

  /* The MCVP line: iterates on the contour plot, loss against epochs, readout. */
  function line(box, data) {
    var size = { left: 46, right: 330, top: 10, bottom: 190 };
    var view = data.view;
    var x = scale(view[0][0], view[0][1], size.left, size.right, false);
    var y = scale(view[1][0], view[1][1], size.bottom, size.top, false);
    var plane = el("svg", { viewBox: "0 0 340 236", class: "lrdoc-ex-plane", role: "img", "aria-label": "Iterates of gradient descent in the (w, b) plane over the loss's contours" }, null);
    var clip = "lrdoc-clip-" + Math.random().toString(36).slice(2, 8);
    var defs = el("defs", {}, plane);
    el("rect", { x: size.left, y: size.top, width: size.right - size.left, height: size.bottom - size.top }, el("clipPath", { id: clip }, defs));
    axes(plane, x, y, [[0, "0"], [2, "2"], [4, "4"], [6, "6"]], [[-2, "−2"], [0, "0"], [2, "2"]], "weight w", "bias b", size);
    var body = el("g", { "clip-path": "url(#" + clip + ")" }, plane);
    data.contours.forEach(function (c) {
      var pts = [];
      for (var k = 0; k < c.points.length; k += 2) pts.push(x(c.points[k]) + "," + y(c.points[k + 1]));
      el("polyline", { points: pts.join(" "), class: "contour" }, body);
    });
    el("circle", { cx: x(data.minimum[0]), cy: y(data.minimum[1]), r: 4, class: "minimum" }, body);
    var path = el("polyline", { class: "path" }, body);
    var dots = el("g", { class: "iterates" }, body);

    var lsize = { left: 52, right: 330, top: 10, bottom: 190 };
    var ex = scale(1, data.horizon, lsize.left, lsize.right, true);
    var ey = scale(1e-8, 1e4, lsize.bottom, lsize.top, true);
    var lossPlot = el("svg", { viewBox: "0 0 340 236", class: "lrdoc-ex-loss", role: "img", "aria-label": "Loss against epochs, both on log axes" }, null);
    axes(lossPlot, ex, ey, [[1, "1"], [10, "10"], [100, "100"], [1000, "1000"], [10000, "10⁴"]],
      [[1e-8, "10⁻⁸"], [1e-4, "10⁻⁴"], [1, "1"], [1e4, "10⁴"]], "epoch", "loss", lsize);
    el("line", { x1: lsize.left, x2: lsize.right, y1: ey(data.tolerance), y2: ey(data.tolerance), class: "tolerance" }, lossPlot);
    var lclip = clip + "-loss";
    el("rect", { x: lsize.left, y: lsize.top, width: lsize.right - lsize.left, height: lsize.bottom - lsize.top }, el("clipPath", { id: lclip }, el("defs", {}, lossPlot)));
    var curve = el("polyline", { class: "curve", "clip-path": "url(#" + lclip + ")" }, lossPlot);

    var cells;
    var control = slider(box, data, "Learning rate", function (r) { return fmt(r, 4); }, function (i) {
      var pts = data.paths[i], xy = [];
      while (dots.firstChild) dots.removeChild(dots.firstChild);
      for (var k = 0; k < pts.length; k += 2) {
        xy.push(x(pts[k]) + "," + y(pts[k + 1]));
        el("circle", { cx: x(pts[k]), cy: y(pts[k + 1]), r: k === 0 ? 3.5 : 2.2, class: "iterate" }, dots);
      }
      path.setAttribute("points", xy.join(" "));
      var lxy = [];
      data.lossEpochs.forEach(function (e, k) {
        var v = data.losses[i][k];
        if (e >= 1 && v !== null && v > 0) lxy.push(ex(e) + "," + ey(Math.max(v, 1e-12)));
      });
      curve.setAttribute("points", lxy.join(" "));
      cells.flat.textContent = fmt(data.flat[i], 4);
      cells.steep.textContent = fmt(data.steep[i], 4);
      cells.epochs.textContent = data.epochs[i] === null
        ? (data.verdicts[i] === "diverges" ? "never" : "more than " + data.horizon)
        : String(data.epochs[i]);
      cells.verdict.textContent = data.verdicts[i];
      box.setAttribute("data-verdict", data.verdicts[i]);
    }, [
      { kind: "fastest", rate: data.fastest, text: "fastest rate 2/(λmin + λmax) = " + fmt(data.fastest, 4) },
      { kind: "bound", rate: data.bound, text: "bound 2/λmax = " + fmt(data.bound, 4) },
    ]);
    var jump = html("div", { class: "lrdoc-ex-jump" }, box);
    var below = 0;  // the largest slider rate still below the bound
    data.rates.forEach(function (r, i) { if (r < data.bound) below = i; });
    [["Go to the fastest rate", nearest(data.rates, data.fastest)],
     ["Go just below 2/λmax", below]].forEach(function (m) {
      var button = html("button", { type: "button" }, jump, m[0]);
      button.addEventListener("click", function () {
        control.input.value = String(m[1]);
        control.update();
      });
    });
    var panels = html("div", { class: "lrdoc-ex-panels" }, box);
    panels.appendChild(plane);
    panels.appendChild(lossPlot);
    cells = readout(box, control.id, [
      ["flat", "Factor per epoch, flat direction (1 − ηλmin)"],
      ["steep", "Factor per epoch, steep direction (1 − ηλmax)"],
      ["epochs", "Epochs until the loss is below " + data.tolerance.toExponential(0).replace("e-", "e−")],
      ["verdict", "Verdict"],
    ]);
    control.input.value = String(nearest(data.rates, 0.01));
    control.update();
  }

  /* The deeplizard parabola: ten steps on L(w) = 1.25 (w − 3)². */
  function parabola(box, data) {
    var size = { left: 46, right: 330, top: 10, bottom: 190 };
    var x = scale(data.view[0][0], data.view[0][1], size.left, size.right, false);
    var y = scale(data.view[1][0], data.view[1][1], size.bottom, size.top, false);
    var svg = el("svg", { viewBox: "0 0 340 236", class: "lrdoc-ex-parabola", role: "img", "aria-label": "Steps of gradient descent on the parabola" }, null);
    var clip = "lrdoc-clip-" + Math.random().toString(36).slice(2, 8);
    el("rect", { x: size.left, y: size.top, width: size.right - size.left, height: size.bottom - size.top }, el("clipPath", { id: clip }, el("defs", {}, svg)));
    axes(svg, x, y, [[-5, "−5"], [0, "0"], [3, "3"], [6, "6"], [10, "10"]], [[0, "0"], [40, "40"], [80, "80"], [120, "120"]], "weight w", "loss", size);
    var body = el("g", { "clip-path": "url(#" + clip + ")" }, svg);
    var bowl = [];
    for (var k = 0; k < data.bowl.length; k += 2) bowl.push(x(data.bowl[k]) + "," + y(data.bowl[k + 1]));
    el("polyline", { points: bowl.join(" "), class: "contour" }, body);
    var path = el("polyline", { class: "path" }, body);
    var dots = el("g", { class: "iterates" }, body);
    var cells;
    var control = slider(box, data, "Learning rate", function (r) { return fmt(r, 2); }, function (i) {
      var xy = [];
      while (dots.firstChild) dots.removeChild(dots.firstChild);
      data.weights[i].forEach(function (w, k) {
        var v = data.losses[i][k];
        xy.push(x(w) + "," + y(v));
        el("circle", { cx: x(w), cy: y(v), r: k === 0 ? 3.5 : 2.4, class: "iterate" }, dots);
      });
      path.setAttribute("points", xy.join(" "));
      cells.factor.textContent = fmt(data.factors[i], 4);
      cells.loss.textContent = fmt(data.losses[i][data.steps], 3);
      cells.verdict.textContent = data.verdicts[i];
      box.setAttribute("data-verdict", data.verdicts[i]);
    }, [
      { kind: "fastest", rate: data.oneStep, text: "one step to the minimum, 1/λ = " + fmt(data.oneStep, 2) },
      { kind: "bound", rate: data.bound, text: "bound 2/λ = " + fmt(data.bound, 2) },
    ]);
    var panels = html("div", { class: "lrdoc-ex-panels" }, box);
    panels.appendChild(svg);
    cells = readout(box, control.id, [
      ["factor", "Factor per step (1 − 2.5η)"],
      ["loss", "Loss after " + data.steps + " steps"],
      ["verdict", "Verdict"],
    ]);
    control.input.value = String(nearest(data.rates, 0.3));
    control.update();
  }

  var KINDS = { line: line, parabola: parabola };

  function start() {
    document.querySelectorAll(".lrdoc-explorer[data-explorer]").forEach(function (box) {
      if (box.getAttribute("data-ready")) return;
      var kind = KINDS[box.getAttribute("data-explorer")];
      var url = new URL(box.getAttribute("data-src"), base());
      fetch(url).then(function (r) {
        if (!r.ok) throw new Error("explorer data: " + r.status + " " + url);
        return r.json();
      }).then(function (data) {
        box.innerHTML = "";
        box.setAttribute("data-ready", "true");
        kind(box, data);
      }).catch(function (error) {
        console.error(error);
      });
    });
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  else document.addEventListener("DOMContentLoaded", start);
})();

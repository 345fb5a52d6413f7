/* Bar charts of the completion report page, drawn as inline SVG (no library, no network).
   Labels go through textContent, so user text (cohort names) is never parsed as markup. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function node(name, attributes, text) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { element.setAttribute(key, attributes[key]); });
    if (text !== undefined) { element.textContent = text; }
    return element;
  }

  /* Horizontal bars: one row per item, bar length = rate (%), label "value (rate%)". */
  function drawBars(svg, items, words) {
    var rowHeight = 28, labelWidth = 170, barWidth = 260, width = labelWidth + barWidth + 110;
    svg.setAttribute("viewBox", "0 0 " + width + " " + Math.max(rowHeight, items.length * rowHeight));
    items.forEach(function (item, index) {
      var y = index * rowHeight, rate = item.rate === null ? 0 : item.rate;
      var row = node("g", {"class": "row", "data-label": item.label, "data-value": item.value});
      row.appendChild(node("text", {x: 0, y: y + 18}, item.label));
      var bar = node("rect", {"class": "bar", x: labelWidth, y: y + 5, height: 18,
                              width: Math.max(1, barWidth * rate / 100)});
      bar.appendChild(node("title", {}, item.label + ": " + item.value + " " + words.learners));
      row.appendChild(bar);
      row.appendChild(node("text", {x: labelWidth + barWidth + 8, y: y + 18},
                           item.value + (item.rate === null ? "" : " (" + item.rate + "%)")));
      svg.appendChild(row);
    });
  }

  var data = JSON.parse(document.getElementById("spoc-report-data").textContent);
  drawBars(document.getElementById("funnel-chart"), data.funnel, data);
  drawBars(document.getElementById("cohort-chart"), data.cohorts, data);
}());

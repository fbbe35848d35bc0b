// Draws every chart of a results page. Each <div data-chart="ID"> has its ECharts options
// built by the server in <script type="application/json" id="ID">; numbers get a decimal comma.
(function () {
  "use strict";
  function vi(value) {
    if (typeof value !== "number") { return value; }
    return String(value).replace(".", ",");
  }
  function axes(option) {
    [].concat(option.xAxis || [], option.yAxis || []).forEach(function (axis) {
      if (axis.type === "value") { axis.axisLabel = Object.assign({}, axis.axisLabel, { formatter: vi }); }
    });
  }
  function draw(element) {
    var source = document.getElementById(element.dataset.chart);
    if (!source || typeof echarts === "undefined") { return; }
    var option = JSON.parse(source.textContent);
    axes(option);
    option.tooltip = Object.assign({}, option.tooltip, { valueFormatter: vi });
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.querySelectorAll("[data-chart]").forEach(draw);
}());

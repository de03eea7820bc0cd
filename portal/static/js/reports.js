// Draws each report chart from the JSON block next to its canvas; the table under it holds the same figures.
(function () {
  "use strict";
  var COLORS = ["#0d6efd", "#198754", "#dc3545", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#d63384", "#0dcaf0", "#ffc107"];

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-report-chart"));
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var rtl = document.documentElement.dir === "rtl";
    var locale = spec.locale === "fa" ? "fa-IR" : "en-US";
    var numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    new Chart(canvas, {
      type: spec.kind,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (set, i) {
          var color = COLORS[i % COLORS.length];
          return { label: set.label, data: set.data, backgroundColor: color, borderColor: color, spanGaps: true, tension: 0.2 };
        })
      },
      options: {
        locale: locale,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: spec.stacked, reverse: rtl },
          y: { stacked: spec.stacked, beginAtZero: true, position: rtl ? "right" : "left",
               ticks: { callback: function (value) { return numbers.format(value); } } }
        },
        plugins: {
          legend: { rtl: rtl, textDirection: rtl ? "rtl" : "ltr" },
          tooltip: { rtl: rtl, textDirection: rtl ? "rtl" : "ltr",
                     callbacks: { label: function (item) { return item.dataset.label + ": " + numbers.format(item.parsed.y); } } }
        }
      }
    });
  }

  function start() {
    if (typeof Chart !== "undefined") {
      Chart.defaults.font.family = "Vazirmatn, system-ui, sans-serif";
    }
    document.querySelectorAll("canvas[data-report-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());

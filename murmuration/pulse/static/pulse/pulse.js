// Draws each pulse figure from the ECharts options the page carries, and lets people show or
// hide the table behind it. Without this script the tables show and no picture is drawn.

const charts = [];

document.querySelectorAll(".pulse-chart[data-options]").forEach((element) => {
  const source = document.getElementById(element.dataset.options);
  if (!source || !window.echarts) return;
  const chart = window.echarts.init(element, null, { renderer: "svg" });
  chart.setOption(JSON.parse(source.textContent));
  charts.push(chart);
});

// The table stays readable by screen readers while it is out of sight (the picture is hidden
// from them), so it is moved out of view rather than removed.
document.querySelectorAll(".pulse-table-toggle").forEach((button) => {
  const table = document.getElementById(button.getAttribute("aria-controls"));
  if (!table) return;
  const show = (open) => {
    table.classList.toggle("visually-hidden", !open);
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? button.dataset.hide : button.dataset.show;
  };
  button.hidden = false;
  show(false);
  button.addEventListener("click", () => show(button.getAttribute("aria-expanded") !== "true"));
});

let resizing;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => charts.forEach((chart) => chart.resize()), 150);
});

// Only the parts of ECharts the pulse pictures use, drawn as SVG: smaller than the full
// build, sharp at any zoom, and the drawing is in the page for tests and screen magnifiers.
// No aria component: the pictures are hidden from screen readers, which read the table under
// each one instead.
import * as echarts from "echarts/core";
import { BarChart, LineChart, TreemapChart } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  LineChart,
  TreemapChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  SVGRenderer,
]);

window.echarts = echarts;

/**
 * Chart.js (served from node_modules as /console/reports/chart.umd.js, never a CDN) drawings of
 * the report. Every label comes from the page's locale words; right-to-left pages draw legends
 * and axes right-to-left.
 */
const COLORS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989'];
const charts = new Map();

function draw(id, config, rtl) {
  charts.get(id)?.destroy();
  const canvas = document.getElementById(id);
  const Chart = globalThis.Chart;
  const options = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    locale: document.documentElement.lang,
    plugins: { legend: { display: true, rtl, textDirection: rtl ? 'rtl' : 'ltr' }, tooltip: { rtl } },
    ...config.options,
  };
  if (rtl && options.scales?.x) options.scales.x.reverse = true;
  charts.set(id, new Chart(canvas, { ...config, options }));
}

export function drawCharts(report, t, rtl) {
  const weeks = report.sla.weeks.map((week) => week.week);
  const priorities = ['normal', 'urgent'];
  draw(
    'chart-sla',
    {
      type: 'bar',
      data: {
        labels: weeks,
        datasets: [
          { label: t('sla.percentWithin'), data: report.sla.weeks.map((week) => week.percentWithin), backgroundColor: COLORS[0] },
          ...priorities.map((priority, index) => ({
            label: `${t('sla.percentWithin')} · ${t(`priorities.${priority}`)}`,
            data: report.sla.weeks.map((week) => week.byPriority[priority]?.percentWithin ?? null),
            backgroundColor: COLORS[index + 1],
          })),
        ],
      },
      options: { scales: { y: { min: 0, max: 100 }, x: {} } },
    },
    rtl,
  );
  const topics = report.selfService.topics.slice(0, 12);
  draw(
    'chart-self',
    {
      type: 'bar',
      data: {
        labels: topics.map((row) => `${row.topic === '-' ? t('selfService.noTopic') : row.topic} (${row.language})`),
        datasets: [
          { label: t('selfService.solved'), data: topics.map((row) => row.solved), backgroundColor: COLORS[2] },
          { label: t('selfService.tickets'), data: topics.map((row) => row.tickets), backgroundColor: COLORS[1] },
        ],
      },
      options: { indexAxis: 'y', scales: { x: { stacked: true }, y: { stacked: true } } },
    },
    rtl,
  );
  draw(
    'chart-sat',
    {
      type: 'line',
      data: {
        labels: report.satisfaction.weeks.map((week) => week.week),
        datasets: [
          { label: t('satisfaction.csat'), data: report.satisfaction.weeks.map((week) => week.csat), borderColor: COLORS[0], backgroundColor: COLORS[0] },
          { label: t('satisfaction.responseRate'), data: report.satisfaction.weeks.map((week) => week.responseRate), borderColor: COLORS[3], backgroundColor: COLORS[3] },
        ],
      },
      options: { scales: { y: { min: 0, max: 100 }, x: {} } },
    },
    rtl,
  );
  const volume = (which, key) => report.volume[which][key];
  const hours = Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'));
  for (const [id, key, labels, title] of [
    ['chart-hour', 'byHour', hours, t('volume.byHour')],
    ['chart-weekday', 'byWeekday', t('weekdays', { returnObjects: true }), t('volume.byWeekday')],
  ]) {
    draw(
      id,
      {
        type: 'bar',
        data: {
          labels,
          datasets: [
            { label: `${t('volume.conversations')} · ${title}`, data: volume('conversations', key), backgroundColor: COLORS[0] },
            { label: `${t('volume.tickets')} · ${title}`, data: volume('tickets', key), backgroundColor: COLORS[1] },
          ],
        },
        options: { scales: { x: {}, y: { beginAtZero: true } } },
      },
      rtl,
    );
  }
}

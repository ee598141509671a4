import { useEffect, useRef } from 'react'
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset
} from 'chart.js'

// Only what the back office draws (bars and lines on a category axis), so the rest of chart.js is
// tree-shaken away; `chart.js/auto` would register every controller, scale and plugin.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend)

export interface ChartSeries {
  label: string
  /** Integers in the chart's unit (fen, a count); `formatValue` turns them into words. */
  data: number[]
  color: string
  kind: 'bar' | 'line'
}

export interface ChartSpec {
  labels: string[]
  series: ChartSeries[]
}

interface Props {
  spec: ChartSpec
  /** Axis ticks and tooltips, e.g. fen → "¥1,234.00". */
  formatValue: (value: number) => string
  /** What the chart shows, in one sentence, for screen readers (the figures are also on the page as text). */
  summary: string
  /** CSS height of the drawing area; the width follows the container. */
  height?: number
  className?: string
}

/** H5 only: a bar/line chart on a <canvas>, drawn by chart.js and redrawn when `spec` changes. */
export function ChartCanvas({ spec, formatValue, summary, height = 240, className = '' }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const format = useRef(formatValue)
  format.current = formatValue

  useEffect(() => {
    if (!canvas.current) return
    const datasets = spec.series.map(
      (series): ChartDataset<'bar' | 'line', number[]> => ({
        type: series.kind,
        label: series.label,
        data: series.data,
        backgroundColor: series.color,
        borderColor: series.color,
        borderWidth: series.kind === 'line' ? 2 : 0,
        pointRadius: series.kind === 'line' ? 2 : 0
      })
    )
    const chart = new Chart<'bar' | 'line', number[], string>(canvas.current, {
      type: 'bar',
      data: { labels: spec.labels, datasets },
      options: {
        // drawn at once: no motion for people who are sensitive to it, and a finished picture for screenshots
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}：${format.current(Number(item.raw))}` } }
        },
        scales: {
          x: { grid: { display: false } },
          y: { beginAtZero: true, ticks: { precision: 0, maxTicksLimit: 6, callback: (value) => format.current(Number(value)) } }
        }
      }
    })
    return () => chart.destroy()
  }, [spec])

  return (
    <div className={className} style={{ position: 'relative', height: `${height}px` }}>
      <canvas ref={canvas} role='img' aria-label={summary} />
    </div>
  )
}

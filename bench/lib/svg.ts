/** A small hand-written SVG line chart: latency (log scale) against clients. */
export interface Series {
  name: string;
  color: string;
  dashed?: boolean;
  points: Array<[number, number]>;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function lineChart(title: string, xLabel: string, yLabel: string, series: Series[], target?: { y: number; label: string }): string {
  const width = 720;
  const height = 420;
  const left = 70;
  const right = 190;
  const top = 40;
  const bottom = 50;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const points = series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y) && y > 0);
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y).concat(target ? [target.y] : []);
  const xMin = Math.min(0, ...xs);
  const xMax = Math.max(1, ...xs);
  const yMinLog = Math.floor(Math.log10(Math.max(0.1, Math.min(...ys, 1))));
  const yMaxLog = Math.ceil(Math.log10(Math.max(...ys, 10)));
  const px = (x: number) => left + ((x - xMin) / (xMax - xMin)) * plotW;
  const py = (y: number) => top + plotH - ((Math.log10(Math.max(y, 10 ** yMinLog)) - yMinLog) / (yMaxLog - yMinLog)) * plotH;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="100%" height="100%" fill="white"/>`);
  out.push(`<text x="${width / 2 - right / 2}" y="22" text-anchor="middle" font-size="15">${escape(title)}</text>`);
  for (let e = yMinLog; e <= yMaxLog; e += 1) {
    const y = py(10 ** e);
    out.push(`<line x1="${left}" x2="${left + plotW}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end">${10 ** e >= 1 ? 10 ** e : (10 ** e).toFixed(1)}</text>`);
  }
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    out.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${top}" y2="${top + plotH}" stroke="#eee"/>`);
    out.push(`<text x="${px(x)}" y="${top + plotH + 16}" text-anchor="middle">${x.toLocaleString('en')}</text>`);
  }
  out.push(`<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${left + plotW / 2}" y="${height - 10}" text-anchor="middle">${escape(xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}</text>`);
  if (target) {
    out.push(`<line x1="${left}" x2="${left + plotW}" y1="${py(target.y)}" y2="${py(target.y)}" stroke="#c00" stroke-dasharray="2 3"/>`);
    out.push(`<text x="${left + 4}" y="${py(target.y) - 4}" fill="#c00">${escape(target.label)}</text>`);
  }
  series.forEach((s, index) => {
    const valid = s.points.filter(([, y]) => Number.isFinite(y) && y > 0);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    if (valid.length > 1) {
      const d = valid.map(([x, y], i) => `${i ? 'L' : 'M'}${px(x).toFixed(1)} ${py(y).toFixed(1)}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    }
    for (const [x, y] of valid) {
      out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3.5" fill="${s.color}"><title>${escape(`${s.name}: ${y} ms at ${x}`)}</title></circle>`);
    }
    const ly = top + 10 + index * 20;
    out.push(`<line x1="${left + plotW + 15}" x2="${left + plotW + 40}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${left + plotW + 46}" y="${ly + 4}">${escape(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

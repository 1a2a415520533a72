// PNG export of the 3D view: the WebGL canvas (created with preserveDrawingBuffer, so its last
// frame is readable) on white, with a title and the legend drawn on a 2D canvas.
export { downloadBlob } from '../../render/figure-download.ts';
export interface LegendLine {
  readonly label: string;
  readonly color: string;
}

export function composeBrainPng(gl: HTMLCanvasElement, title: string, legend: readonly LegendLine[]): Promise<Blob> {
  const out = document.createElement('canvas');
  out.width = gl.width;
  out.height = gl.height;
  const g = out.getContext('2d');
  if (!g) return Promise.reject(new Error('a 2D canvas is not available in this browser'));
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, out.width, out.height);
  g.drawImage(gl, 0, 0);
  const f = Math.max(12, Math.round(out.width / 70));
  g.fillStyle = '#000000';
  g.font = `bold ${f}px Helvetica, Arial, sans-serif`;
  g.fillText(title, f * 0.7, f * 1.5);
  g.font = `${f}px Helvetica, Arial, sans-serif`;
  legend.forEach((l, i) => {
    const y = f * 3 + i * f * 1.5;
    g.beginPath();
    g.arc(f * 1.1, y - f * 0.35, f * 0.4, 0, 2 * Math.PI);
    g.fillStyle = l.color;
    g.fill();
    g.strokeStyle = '#000000';
    g.lineWidth = 0.5;
    g.stroke();
    g.fillStyle = '#000000';
    g.fillText(l.label, f * 1.9, y);
  });
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG'))), 'image/png'));
}

// PNG of an SVG document (DOM): the SVG is loaded as an image from a blob: URL (allowed by the
// CSP's img-src) and drawn on a 2D canvas of exactly scale × the layout size (export-scale.ts).
// The SVG is vector, so the browser rasterises text and lines at that resolution.
import { exportPixelSize, type ExportScale } from './export-scale';

export async function svgToPng(svg: string, width: number, height: number, scale: ExportScale): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const size = exportPixelSize(width, height, scale);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const g = canvas.getContext('2d');
    if (!g) throw new Error('this browser has no 2D canvas');
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await canvasToPngBlob(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function canvasToPngBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas could not be encoded as PNG'))), 'image/png'),
  );
}

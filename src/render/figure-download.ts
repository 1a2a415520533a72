// Figure downloads (DOM): save a Blob through an <a download> link, and rasterise an SVG
// document to PNG so the PNG export shows exactly what the SVG export does.

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** PNG of an SVG document of `width` × `height` CSS px, at `scale` device px per CSS px. */
export function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(width * scale));
      canvas.height = Math.max(1, Math.round(height * scale));
      const g = canvas.getContext('2d');
      if (!g) return reject(new Error('PNG export: a 2D canvas is not available in this browser'));
      g.imageSmoothingEnabled = false;
      g.drawImage(img, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export: the browser could not encode the canvas'))), 'image/png');
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('PNG export: the browser could not draw the SVG figure'));
    };
    img.src = url;
  });
}

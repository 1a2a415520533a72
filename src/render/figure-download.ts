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

export function App() {
  return (
    <main data-render-state="ready">
      <h1>Brain Street View</h1>
    </main>
  );
}

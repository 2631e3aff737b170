export default function NotFound() {
  return (
    <main id="main" className="page">
      <h1>Not found</h1>
      <p>
        <a href="/">Back to the start</a>
      </p>
    </main>
  );
}

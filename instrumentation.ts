// Runs once when the server starts (next dev / next start). Node only: the edge gate needs none of it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServer } = await import('./lib/startup');
  await startServer();
}
